import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// Serves the metrics over HTTP on `metrics.listen`, for a Prometheus server that scrapes
/// rather than reading node_exporter's textfile: `GET /metrics` (or `/`) answers the text
/// exposition format; anything else is 404, a method other than GET or HEAD 405. One
/// request a connection (`Connection: close`): a scrape every few seconds needs no more.
package final class MetricsListener: Service {
    private let channel: any Channel

    /// Where it listens: the port the kernel chose when the configuration said 0.
    package let address: String

    private init(channel: any Channel) {
        self.channel = channel
        address = channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
    }

    /// Binds `listen` now, so that a port in use or not allowed fails the start with a
    /// clear error rather than a silent missing endpoint.
    package static func bind(_ listen: ListenAddress, metrics: DaemonMetrics) async throws -> MetricsListener {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsRequestHandler(render: metrics.render))
                }
            }
        do {
            return MetricsListener(channel: try await bootstrap.bind(host: listen.host, port: listen.port).get())
        } catch {
            throw DaemonError(.setup, "cannot serve metrics on \(listen.host):\(listen.port) (metrics.listen): \(error); free the port, pick another, or check that the unit's sandbox allows it (README, \"Operating Tidings\")")
        }
    }

    package func run() async throws {
        try? await gracefulShutdown()
        try? await channel.close()
    }
}

/// Answers one HTTP request on a connection, then closes it.
private final class MetricsRequestHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let render: @Sendable () -> [UInt8]

    init(render: @escaping @Sendable () -> [UInt8]) { self.render = render }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let (status, body): (HTTPResponseStatus, [UInt8])
        switch (request.method, path) {
        case (.GET, "/metrics"), (.GET, "/"), (.HEAD, "/metrics"), (.HEAD, "/"): (status, body) = (.ok, render())
        case (_, "/metrics"), (_, "/"): (status, body) = (.methodNotAllowed, Array("GET or HEAD only\n".utf8))
        default: (status, body) = (.notFound, Array("not found: the metrics are at /metrics\n".utf8))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: status == .ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
