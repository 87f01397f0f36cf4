using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>
/// The RPCs of the next controller issue (watermarks). They exist so
/// that every method of Pravega's service is served, and answer UNIMPLEMENTED with a message that says what is missing
/// (README.md lists them).
/// </summary>
internal sealed partial class ControllerGrpcService
{
    private const string Watermarks = "watermarks are not implemented yet in Pravega.Perf (they arrive with the controller's watermark issue)";

    public override Task<RemoveWriterResponse> removeWriter(RemoveWriterRequest request, ServerCallContext context) => throw NotYet(Watermarks);

    public override Task<TimestampResponse> noteTimestampFromWriter(TimestampFromWriter request, ServerCallContext context) => throw NotYet(Watermarks);

    private static RpcException NotYet(string message) => new(new Status(StatusCode.Unimplemented, message));
}
