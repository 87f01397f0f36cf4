namespace Pravega.Perf.Wire.Replies;

/// <summary>What a reply from the segment store means to the one who sent the request (reference §2.6).</summary>
public enum ReplyKind
{
    /// <summary>Not a reply: a request, or a command both sides send (Hello, KeepAlive).</summary>
    NotAReply,

    /// <summary>The request was carried out (or was already in effect).</summary>
    Success,

    /// <summary>The segment (or table segment) does not exist: <c>NoSuchSegment</c>.</summary>
    SegmentMissing,

    /// <summary>The segment exists already: <c>SegmentAlreadyExists</c> (success for an idempotent create).</summary>
    SegmentExists,

    /// <summary>The segment is sealed: <c>SegmentIsSealed</c>.</summary>
    Sealed,

    /// <summary>The offset lies below the segment's start: <c>SegmentIsTruncated</c>.</summary>
    Truncated,

    /// <summary>The store does not own the segment's container: resolve the owner again (<c>WrongHost</c>).</summary>
    WrongHost,

    /// <summary>A conditional append's offset did not match: <c>ConditionalCheckFailed</c>.</summary>
    ConditionFailed,

    /// <summary>A writer's event number is not after the stored one: <c>InvalidEventNumber</c> (the server closes the connection).</summary>
    InvalidEventNumber,

    /// <summary>A table key's version did not match: <c>TableKeyBadVersion</c>.</summary>
    TableKeyBadVersion,

    /// <summary>A conditional table update or removal named a key that does not exist: <c>TableKeyDoesNotExist</c>.</summary>
    TableKeyMissing,

    /// <summary>A table segment deleted with "must be empty" still has entries: <c>TableSegmentNotEmpty</c>.</summary>
    TableNotEmpty,

    /// <summary>The delegation token was refused: <c>AuthTokenCheckFailed</c>.</summary>
    AuthFailed,

    /// <summary>The store does not support the request: <c>OperationUnsupported</c>.</summary>
    Unsupported,

    /// <summary>The request was malformed or illegal: <c>ErrorMessage</c>.</summary>
    Error,
}
