import Hummingbird
import HummingbirdAuth
import HummingbirdBasicAuth
import ArgumentParser
import Bucketlists
print("x")
