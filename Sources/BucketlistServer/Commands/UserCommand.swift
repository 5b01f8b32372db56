import ArgumentParser
import Bucketlists
import Foundation
import SignalLog

/// `bucketlist-server user …`: user administration on the database.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users.",
        subcommands: [UserAddCommand.self]
    )
}

/// `bucketlist-server user add --username U [--admin]`: creates a user, the password read from stdin.
///
/// The password is never taken from an argument (arguments show up in `ps` and shell history). The change is
/// recorded like any other, with the actor `system:bucketlist-server`; the running server relays it.
struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user; the password is read from the first line of standard input."
    )

    @Option(help: "The new user's name (letters, digits, '.', '_', '-').")
    var username: String

    @Flag(help: "Make the user an admin (may read /admin/).")
    var admin = false

    @Option(help: ArgumentHelp(stringLiteral: StoreCommand.databaseHelp))
    var database = "bucketlists.sqlite"

    @Option(help: "This instance's name in records; as for serve.")
    var source = ServeCommand.defaultSource()

    func validate() throws {
        guard BucketlistStore.Configuration.isValidSource(source) else {
            throw ValidationError("--source must be 1 to 64 characters of [A-Za-z0-9._-], got '\(source)'")
        }
    }

    func run() async throws {
        if isatty(STDIN_FILENO) != 0 {
            FileHandle.standardError.write(Data("Password for \(username): ".utf8))
        }
        guard let password = PasswordInput.readLine() else {
            throw CommandFailure(message: "no password on standard input")
        }
        let user = try await StoreCommand.run(database: database, source: source) { store in
            try await store.register(
                username: username,
                password: password,
                role: admin ? .admin : .user,
                actor: .system("bucketlist-server")
            )
        }
        print("added \(user.role.rawValue) \(user.username) (id \(user.id ?? 0))")
    }
}
