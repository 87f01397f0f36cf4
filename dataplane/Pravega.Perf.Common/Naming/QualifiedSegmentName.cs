using System.Globalization;

namespace Pravega.Perf.Common.Naming;

/// <summary>
/// The parts of a stream segment's qualified name <c>scope/stream/&lt;number&gt;.#epoch.&lt;epoch&gt;</c>. Parsing
/// follows Pravega's <c>extractSegmentTokens</c>: a transaction or transient segment parses as its parent, a
/// missing epoch means epoch 0, and a scope-less <c>stream/&lt;number&gt;</c> has an empty <see cref="Scope"/>.
/// </summary>
public readonly record struct QualifiedSegmentName(string Scope, string Stream, int SegmentNumber, int Epoch)
{
    /// <summary><c>(epoch &lt;&lt; 32) | number</c>.</summary>
    public long SegmentId => NameUtils.ComputeSegmentId(SegmentNumber, Epoch);

    /// <summary><c>scope/stream</c>.</summary>
    public string ScopedStreamName => NameUtils.GetScopedStreamName(Scope, Stream);

    public static QualifiedSegmentName FromSegmentId(string scope, string stream, long segmentId) =>
        new(scope, stream, NameUtils.GetSegmentNumber(segmentId), NameUtils.GetEpoch(segmentId));

    public static QualifiedSegmentName Parse(string qualifiedName) =>
        TryParse(qualifiedName, out var result)
            ? result
            : throw new FormatException($"'{qualifiedName}' is not a qualified segment name (scope/stream/<n>.#epoch.<e>)");

    public static bool TryParse(ReadOnlySpan<char> qualifiedName, out QualifiedSegmentName result)
    {
        result = default;
        if (NameUtils.TryGetParentSegmentName(qualifiedName, out var parent))
        {
            qualifiedName = parent;
        }
        var last = qualifiedName.LastIndexOf('/');
        if (last <= 0)
        {
            return false;
        }
        var path = qualifiedName[..last];
        var first = path.IndexOf('/');
        if (first == 0 || (first > 0 && path[(first + 1)..].Contains('/')) || first == path.Length - 1)
        {
            return false;
        }
        if (!TryParseNumberAndEpoch(qualifiedName[(last + 1)..], out var number, out var epoch))
        {
            return false;
        }
        result = first < 0
            ? new QualifiedSegmentName(string.Empty, path.ToString(), number, epoch)
            : new QualifiedSegmentName(path[..first].ToString(), path[(first + 1)..].ToString(), number, epoch);
        return true;
    }

    /// <summary>The qualified name, e.g. <c>scope/stream/3.#epoch.1</c>.</summary>
    public override string ToString() => NameUtils.GetQualifiedStreamSegmentName(Scope, Stream, SegmentId);

    private static bool TryParseNumberAndEpoch(ReadOnlySpan<char> token, out int number, out int epoch)
    {
        epoch = 0;
        var e = token.IndexOf(NameUtils.EpochDelimiter);
        if (e < 0)
        {
            return TryParseNonNegative(token, out number);
        }
        return TryParseNonNegative(token[..e], out number)
            && TryParseNonNegative(token[(e + NameUtils.EpochDelimiter.Length)..], out epoch);
    }

    private static bool TryParseNonNegative(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
