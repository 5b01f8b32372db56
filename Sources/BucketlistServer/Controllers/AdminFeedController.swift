import Bucketlists
import Foundation
import Hummingbird

/// `GET` (and `HEAD`) `/admin/…`: the published page, feed and archive, for admins only.
///
/// Credentials: a bearer token, HTTP Basic, or the admin's personal feed token in `?token=` (feeds only). Anonymous or
/// wrong credentials get 401 with a Basic challenge (feed readers then ask for a password); a user who is not
/// an admin gets 403. Files come from ``FeedDirectory`` with `ETag` and `Last-Modified`, and a matching
/// `If-None-Match` (or, without one, `If-Modified-Since`) gets 304.
struct AdminFeedController {
    /// The realm of the Basic challenge on `/admin/`.
    static let challenge = "Basic realm=\"bucketlist admin\", charset=\"UTF-8\""

    let store: BucketlistStore
    let directory: FeedDirectory
    let signIn: SignInGuard
    let basicCache: BasicCredentialCache

    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AdminCredentialsAuthenticator(store: store, signIn: signIn, basicCache: basicCache))
        routes.add(middleware: RequireUserMiddleware(challenge: Self.challenge, role: .admin))
        routes.get(use: serve)
        routes.get("**", use: serve)
        routes.head(use: serve)
        routes.head("**", use: serve)
        return routes
    }

    func serve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let path = request.uri.path
        let prefix = "/admin"
        guard path.hasPrefix(prefix) else { throw APIError.notFound() }
        // The page links its script and style relatively: `/admin` must become `/admin/` to find them.
        if path == prefix {
            return Response(status: .movedPermanently, headers: [.location: "/admin/"])
        }
        guard let file = directory.file(forEncodedPath: path.dropFirst(prefix.count)) else {
            throw APIError.notFound("no such file")
        }
        var headers: HTTPFields = [
            .eTag: file.etag,
            .lastModified: HTTPDate.string(fromSecondsSinceEpoch: file.modified),
            .cacheControl: "private, no-cache",
        ]
        if Self.isNotModified(request.headers, file: file) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = file.contentType
        if request.method == .head {
            headers[.contentLength] = String(file.contents.count)
            return Response(status: .ok, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.contents)))
    }

    /// RFC 9110 §13.2.2: `If-None-Match` decides when present; `If-Modified-Since` only without it.
    static func isNotModified(_ headers: HTTPFields, file: FeedDirectory.File) -> Bool {
        let noneMatch = headers[values: .ifNoneMatch]
        if !noneMatch.isEmpty {
            let tags = noneMatch.flatMap { $0.split(separator: ",") }.map {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
            }
            return tags.contains("*") || tags.contains(file.etag)
        }
        if let since = headers[.ifModifiedSince], let seconds = HTTPDate.seconds(from: since) {
            return file.modified <= seconds
        }
        return false
    }
}
