using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>Argument checks shared by the RPCs: a missing or empty field is INVALID_ARGUMENT naming the field.</summary>
internal static class RpcArguments
{
    public static (string Scope, string Stream) Stream(StreamInfo? info, string field = "streamInfo")
    {
        if (info is null)
        {
            throw Invalid($"{field} is required");
        }
        return (NonEmpty(info.Scope, field + ".scope"), NonEmpty(info.Stream, field + ".stream"));
    }

    public static string Scope(ScopeInfo? info, string field = "scope") =>
        info is null ? throw Invalid($"{field} is required") : NonEmpty(info.Scope, field + ".scope");

    public static string NonEmpty(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw Invalid($"{field} must not be empty") : value;

    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException Failed(OperationStatus status, string? message) => status switch
    {
        OperationStatus.InvalidArgument or OperationStatus.InvalidName or OperationStatus.InvalidConfiguration =>
            Invalid(message ?? status.ToString()),
        OperationStatus.StreamNotFound or OperationStatus.ScopeNotFound or OperationStatus.ReaderGroupNotFound =>
            NotFound(message ?? status.ToString()),
        _ => new RpcException(new Status(StatusCode.FailedPrecondition, message ?? status.ToString())),
    };
}
