namespace Pravega.Perf.Controller;

/// <summary>
/// The outcome of a controller operation; the gRPC layer maps it to each RPC's own status enum. Expected failures are
/// statuses, never exceptions; <see cref="Failure"/> carries a message in <see cref="OperationResult{T}"/>.
/// </summary>
public enum OperationStatus
{
    Success,
    Failure,
    InvalidName,
    InvalidArgument,
    ScopeNotFound,
    ScopeExists,
    ScopeNotEmpty,
    StreamNotFound,
    StreamExists,
    StreamSealed,
    StreamNotSealed,
    PreconditionFailed,
    ReaderGroupNotFound,
    InvalidConfiguration,
    GenerationMismatch,
    StreamCutNotValid,
    TransactionNotFound,
    KeyValueTableExists,
    KeyValueTableNotFound,
}

/// <summary>A status with a value (on success) and a message (on failure).</summary>
public readonly record struct OperationResult<T>(OperationStatus Status, T? Value, string? Message = null)
{
    public bool IsSuccess => Status == OperationStatus.Success;

    public static OperationResult<T> Ok(T value) => new(OperationStatus.Success, value);

    public static OperationResult<T> Fail(OperationStatus status, string? message = null) => new(status, default, message);
}
