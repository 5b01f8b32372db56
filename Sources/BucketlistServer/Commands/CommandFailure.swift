/// A command that could not do its work (no such user, a taken username): ArgumentParser prints
/// `Error: <message>` and exits with status 1, without the usage text that a bad invocation gets.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String

    var description: String { message }
}
