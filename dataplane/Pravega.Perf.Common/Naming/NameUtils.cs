namespace Pravega.Perf.Common.Naming;

/// <summary>
/// Pravega's segment-name grammar (its <c>NameUtils</c>): qualified names <c>scope/stream/&lt;n&gt;.#epoch.&lt;e&gt;</c>,
/// transaction and transient children, and the meta-segments that live beside a segment. The span-based
/// queries allocate nothing, since the segment store asks them on every request.
/// </summary>
public static partial class NameUtils
{
    /// <summary>Separates a segment number from its epoch in a qualified name.</summary>
    public const string EpochDelimiter = ".#epoch.";

    /// <summary>Follows the parent segment's name in a transaction segment's name.</summary>
    public const string TransactionDelimiter = "#transaction.";

    /// <summary>Follows the parent segment's name in a transient segment's name.</summary>
    public const string TransientDelimiter = "#transient.";

    /// <summary>The id after a transaction or transient delimiter: two longs as 16 hex digits each.</summary>
    public const int IdHexLength = 32;

    /// <summary>
    /// True when <paramref name="segmentName"/> is a transaction segment: the last <see cref="TransactionDelimiter"/>
    /// is followed by at least <see cref="IdHexLength"/> characters (Pravega checks only the length).
    /// </summary>
    public static bool IsTransactionSegment(ReadOnlySpan<char> segmentName) =>
        DelimiterPosition(segmentName, TransactionDelimiter) >= 0;

    /// <summary>True when <paramref name="segmentName"/> is a transient segment (same rule as transactions).</summary>
    public static bool IsTransientSegment(ReadOnlySpan<char> segmentName) =>
        DelimiterPosition(segmentName, TransientDelimiter) >= 0;

    /// <summary>
    /// The parent of a transaction or transient segment (transaction checked first, as Pravega does);
    /// false for any other name.
    /// </summary>
    public static bool TryGetParentSegmentName(ReadOnlySpan<char> segmentName, out ReadOnlySpan<char> parent)
    {
        var p = DelimiterPosition(segmentName, TransactionDelimiter);
        if (p < 0)
        {
            p = DelimiterPosition(segmentName, TransientDelimiter);
        }
        parent = p < 0 ? default : segmentName[..p];
        return p >= 0;
    }

    /// <summary>
    /// The name that decides a segment's container (Pravega's <c>extractPrimaryStreamSegmentName</c>): transaction
    /// and transient children resolve to their parent, then everything from the last <see cref="EpochDelimiter"/> on
    /// is dropped. So every epoch of segment number n, its transactions, its <c>#index</c>, <c>$attributes.index</c>
    /// and <c>$header</c> meta-segments all reduce to <c>scope/stream/n</c> and share a container. A name without
    /// an epoch (system tables, container metadata) is its own primary name.
    /// </summary>
    public static ReadOnlySpan<char> GetPrimarySegmentName(ReadOnlySpan<char> segmentName)
    {
        while (TryGetParentSegmentName(segmentName, out var parent))
        {
            segmentName = parent;
        }
        var e = segmentName.LastIndexOf(EpochDelimiter);
        return e < 0 ? segmentName : segmentName[..e];
    }

    private static int DelimiterPosition(ReadOnlySpan<char> segmentName, string delimiter)
    {
        var p = segmentName.LastIndexOf(delimiter);
        return p < 0 || p + delimiter.Length + IdHexLength > segmentName.Length ? -1 : p;
    }
}
