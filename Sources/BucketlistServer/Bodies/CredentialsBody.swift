/// `POST /auth/register` and `POST /auth/login`.
struct CredentialsBody: Decodable {
    var username: String
    var password: String
}
