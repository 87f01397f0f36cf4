namespace Pravega.Perf.Client.Segments;

/// <summary>A segment-store request failed; the subclass says how.</summary>
public class SegmentStoreClientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The segment (or table segment) does not exist (<c>NoSuchSegment</c>).</summary>
public sealed class SegmentNotFoundException(string segment) : SegmentStoreClientException($"segment '{segment}' does not exist")
{
    public string Segment { get; } = segment;
}

/// <summary>The segment is sealed (<c>SegmentIsSealed</c>).</summary>
public sealed class SegmentSealedException(string segment) : SegmentStoreClientException($"segment '{segment}' is sealed")
{
    public string Segment { get; } = segment;
}

/// <summary>The read offset is below the segment's start (<c>SegmentIsTruncated</c>).</summary>
public sealed class SegmentTruncatedException(string segment, long startOffset)
    : SegmentStoreClientException($"segment '{segment}' is truncated: it starts at {startOffset}")
{
    public string Segment { get; } = segment;

    public long StartOffset { get; } = startOffset;
}

/// <summary>A conditional append's expected offset was not the segment's length (<c>ConditionalCheckFailed</c>).</summary>
public sealed class ConditionalCheckFailedException(string segment) : SegmentStoreClientException($"conditional append to '{segment}' failed its offset check");

/// <summary>A conditional table update or removal named a version the key does not have (<c>TableKeyBadVersion</c>).</summary>
public sealed class TableKeyBadVersionException(string table) : SegmentStoreClientException($"table '{table}': a key's version did not match");

/// <summary>A conditional table update or removal named a key that does not exist (<c>TableKeyDoesNotExist</c>).</summary>
public sealed class TableKeyNotFoundException(string table) : SegmentStoreClientException($"table '{table}': a key does not exist");

/// <summary>A table segment to delete "only if empty" has entries (<c>TableSegmentNotEmpty</c>).</summary>
public sealed class TableSegmentNotEmptyException(string table) : SegmentStoreClientException($"table '{table}' is not empty");

/// <summary>The store kept answering <c>WrongHost</c> after every retry: the endpoint resolver is out of date.</summary>
public sealed class WrongHostException(string segment) : SegmentStoreClientException($"no segment store accepted '{segment}' (WrongHost)");

/// <summary>The segment store could not be reached, or did not answer in time, on any attempt.</summary>
public sealed class SegmentStoreUnavailableException(string message, Exception? inner = null) : SegmentStoreClientException(message, inner);

/// <summary>The store refused the request (<c>ErrorMessage</c>, <c>OperationUnsupported</c>, <c>AuthTokenCheckFailed</c>, an unexpected reply).</summary>
public sealed class SegmentStoreErrorException(string message) : SegmentStoreClientException(message);
