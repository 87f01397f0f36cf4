using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>
/// Pravega's <c>ControllerService</c> over the controller's model: one partial file per area (scopes, streams,
/// segments, reader groups, and the RPCs that later issues implement). Expected outcomes are the statuses each RPC
/// defines; malformed requests are INVALID_ARGUMENT naming the field; nothing escapes unmapped
/// (<see cref="ExceptionMappingInterceptor"/>).
/// </summary>
internal sealed partial class ControllerGrpcService(ControllerRuntime runtime, ControllerServerOptions options) : ControllerService.ControllerServiceBase
{
    public override Task<ServerResponse> getControllerServerList(ServerRequest request, ServerCallContext context)
    {
        var response = new ServerResponse();
        response.NodeURI.Add(new NodeUri { Endpoint = options.AdvertisedHost, Port = options.AdvertisedPort ?? options.Port });
        return Task.FromResult(response);
    }

    /// <summary>Authentication is off: every token is empty, and segment stores do not check them.</summary>
    public override Task<DelegationToken> getDelegationToken(StreamInfo request, ServerCallContext context) =>
        Task.FromResult(new DelegationToken { DelegationToken_ = string.Empty });
}
