namespace Pravega.Perf.Controller.Watermarks;

/// <summary>The outcomes of <c>noteTimestampFromWriter</c> and <c>removeWriter</c> (the gRPC layer maps them to the RPCs' statuses).</summary>
public enum WriterMarkStatus
{
    Success,

    /// <summary>The time is before the writer's last noted time.</summary>
    InvalidTime,

    /// <summary>The position is not a cut of the stream, or is behind the writer's last position.</summary>
    InvalidPosition,

    StreamNotFound,

    /// <summary>The stream has no mark for the writer.</summary>
    UnknownWriter,
}
