using System.Globalization;

namespace Pravega.Perf.Common.Naming;

// Segment ids, qualified segment names, and the children and meta-segments named after a segment.
public static partial class NameUtils
{
    /// <summary>Names a segment's index segment (24-byte offset/event-count/time entries read by <c>LocateOffset</c>).</summary>
    public const string IndexSegmentSuffix = "#index";

    /// <summary>Names the segment that holds a segment's extended attributes (a B+tree in long-term storage).</summary>
    public const string AttributeSegmentSuffix = "$attributes.index";

    /// <summary>Names the segment that holds a segment's rolling-storage header.</summary>
    public const string HeaderSegmentSuffix = "$header";

    /// <summary>Pravega's segment id: the epoch in the high 32 bits, the segment number in the low 32.</summary>
    public static long ComputeSegmentId(int segmentNumber, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(segmentNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return ((long)epoch << 32) | (uint)segmentNumber;
    }

    public static int GetSegmentNumber(long segmentId) => unchecked((int)segmentId);

    public static int GetEpoch(long segmentId) => (int)(segmentId >> 32);

    /// <summary>A transaction's epoch: the high 32 bits of its id's most significant long.</summary>
    public static int GetEpoch(Uuid transactionId) => (int)(transactionId.Msb >> 32);

    /// <summary><c>scope/stream</c>, or just <c>stream</c> when <paramref name="scope"/> is empty, as Pravega composes it.</summary>
    public static string GetScopedStreamName(string? scope, string stream) =>
        string.IsNullOrEmpty(scope) ? stream : string.Concat(scope, "/", stream);

    /// <summary><c>scope/stream/&lt;number&gt;.#epoch.&lt;epoch&gt;</c>; the epoch suffix is present even for epoch 0.</summary>
    public static string GetQualifiedStreamSegmentName(string? scope, string stream, long segmentId) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{GetScopedStreamName(scope, stream)}/{GetSegmentNumber(segmentId)}{EpochDelimiter}{GetEpoch(segmentId)}");

    /// <summary><c>&lt;parent&gt;#transaction.&lt;msb 16 hex&gt;&lt;lsb 16 hex&gt;</c>.</summary>
    public static string GetTransactionSegmentName(string parentSegmentName, Uuid transactionId) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{parentSegmentName}{TransactionDelimiter}{(ulong)transactionId.Msb:x16}{(ulong)transactionId.Lsb:x16}");

    /// <summary>
    /// <c>&lt;parent&gt;#transient.&lt;writer id 32 hex&gt;.&lt;random 32 hex&gt;</c>; Pravega draws the second id at
    /// random so that a writer's transient segments never collide.
    /// </summary>
    public static string GetTransientSegmentName(string parentSegmentName, Uuid writerId, Uuid unique) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{parentSegmentName}{TransientDelimiter}{(ulong)writerId.Msb:x16}{(ulong)writerId.Lsb:x16}.{(ulong)unique.Msb:x16}{(ulong)unique.Lsb:x16}");

    /// <summary>A transient segment name with a fresh random unique part.</summary>
    public static string GetTransientSegmentName(string parentSegmentName, Uuid writerId) =>
        GetTransientSegmentName(parentSegmentName, writerId, Uuid.NewRandom());

    public static bool IsIndexSegment(ReadOnlySpan<char> segmentName) => segmentName.EndsWith(IndexSegmentSuffix);

    public static string GetIndexSegmentName(string segmentName) =>
        IsIndexSegment(segmentName)
            ? throw new ArgumentException($"'{segmentName}' is already an index segment name", nameof(segmentName))
            : segmentName + IndexSegmentSuffix;

    public static bool IsAttributeSegment(ReadOnlySpan<char> segmentName) => segmentName.EndsWith(AttributeSegmentSuffix);

    public static string GetAttributeSegmentName(string segmentName) =>
        IsAttributeSegment(segmentName)
            ? throw new ArgumentException($"'{segmentName}' is already an attribute segment name", nameof(segmentName))
            : segmentName + AttributeSegmentSuffix;

    public static bool IsHeaderSegment(ReadOnlySpan<char> segmentName) => segmentName.EndsWith(HeaderSegmentSuffix);

    public static string GetHeaderSegmentName(string segmentName) =>
        IsHeaderSegment(segmentName)
            ? throw new ArgumentException($"'{segmentName}' is already a header segment name", nameof(segmentName))
            : segmentName + HeaderSegmentSuffix;

    public static string GetSegmentNameFromHeader(string headerSegmentName) =>
        IsHeaderSegment(headerSegmentName)
            ? headerSegmentName[..^HeaderSegmentSuffix.Length]
            : throw new ArgumentException($"'{headerSegmentName}' is not a header segment name", nameof(headerSegmentName));

    /// <summary>
    /// Pravega's <c>isUserStreamSegment</c>: not a table, transaction, transient or index segment, and the second
    /// path token is a valid user stream name. The segment store creates <c>#index</c> segments only for these.
    /// </summary>
    public static bool IsUserStreamSegment(string segmentName)
    {
        if (IsTableSegment(segmentName) || IsTransactionSegment(segmentName) || IsTransientSegment(segmentName)
            || IsIndexSegment(segmentName))
        {
            return false;
        }
        var first = segmentName.IndexOf('/', StringComparison.Ordinal);
        if (first < 0)
        {
            return false;
        }
        // Pravega's check throws (and so answers false) for a name with fewer than three path tokens.
        var rest = segmentName.AsSpan(first + 1);
        var second = rest.IndexOf('/');
        return second >= 0 && second + 1 < rest.Length && NameValidation.IsValidUserStreamName(rest[..second]);
    }
}
