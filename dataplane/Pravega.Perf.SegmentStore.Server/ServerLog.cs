using System.Net;
using Microsoft.Extensions.Logging;

namespace Pravega.Perf.SegmentStore.Server;

/// <summary>The server's log events, source-generated so that disabled levels cost nothing.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "Segment store listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(2, LogLevel.Information, "Segment store server stopping: {ConnectionCount} connection(s) to drain")]
    public static partial void Stopping(ILogger logger, int connectionCount);

    [LoggerMessage(3, LogLevel.Information, "Segment store server stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} from {RemoteEndPoint} accepted")]
    public static partial void ConnectionAccepted(ILogger logger, string connectionId, EndPoint? remoteEndPoint);

    [LoggerMessage(5, LogLevel.Debug, "Connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(6, LogLevel.Warning, "Connection {ConnectionId}: malformed input, closing: {Reason}")]
    public static partial void MalformedInput(ILogger logger, string connectionId, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Connection {ConnectionId}: client wire versions [{Low}, {High}] are incompatible, closing")]
    public static partial void IncompatibleVersion(ILogger logger, string connectionId, int low, int high);

    [LoggerMessage(8, LogLevel.Warning, "Connection {ConnectionId}: {Operation} on '{Segment}' failed, closing")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string connectionId, string operation, string segment);

    [LoggerMessage(9, LogLevel.Information, "Connection {ConnectionId}: writer {WriterId} on '{Segment}': invalid event number {EventNumber}, closing")]
    public static partial void InvalidEventNumber(ILogger logger, string connectionId, string writerId, string segment, long eventNumber);

    [LoggerMessage(10, LogLevel.Debug, "Connection {ConnectionId}: writer {WriterId} set up on '{Segment}', last event number {EventNumber}")]
    public static partial void AppendSetup(ILogger logger, string connectionId, string writerId, string segment, long eventNumber);

    [LoggerMessage(11, LogLevel.Debug, "Index update of '{Segment}' failed")]
    public static partial void IndexUpdateFailed(ILogger logger, Exception exception, string segment);

    [LoggerMessage(12, LogLevel.Warning, "Connection {ConnectionId}: deleting transient segment '{Segment}' failed")]
    public static partial void TransientDeleteFailed(ILogger logger, Exception exception, string connectionId, string segment);

    [LoggerMessage(13, LogLevel.Warning, "Shutdown deadline reached: aborting {ConnectionCount} connection(s)")]
    public static partial void AbortingConnections(ILogger logger, int connectionCount);

    [LoggerMessage(14, LogLevel.Information, "Segment store engine started in {Directory} with containers {Containers}")]
    public static partial void EngineStarted(ILogger logger, string directory, string containers);

    [LoggerMessage(15, LogLevel.Debug, "Connection {ConnectionId}: {Command} is not supported yet")]
    public static partial void Unsupported(ILogger logger, string connectionId, string command);

    [LoggerMessage(40, LogLevel.Information, "{WalBackend}")]
    public static partial void WalBackend(ILogger logger, string walBackend);

    [LoggerMessage(41, LogLevel.Information, "Segment store {Transport}")]
    public static partial void TransportInUse(ILogger logger, string transport);

    [LoggerMessage(16, LogLevel.Warning, "Connection {ConnectionId}: the reply to {Operation} on '{Segment}' would be {Length} bytes; answered with an error")]
    public static partial void ReplyTooLarge(ILogger logger, string connectionId, string operation, string segment, int length);

    [LoggerMessage(62, LogLevel.Information, "Auto-scale on: segment rates go to the controller at {Controller}")]
    public static partial void AutoScaleOn(ILogger logger, string controller);
}
