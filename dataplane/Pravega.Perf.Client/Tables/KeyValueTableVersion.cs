namespace Pravega.Perf.Client.Tables;

/// <summary>
/// The version of a key-value table entry (Pravega's <c>Version</c>): the offset of the entry in its partition's table
/// segment, with the id of that segment so a version cannot be applied to another partition by mistake.
/// <see cref="NotExists"/> conditions an update on the key being absent; <see cref="NoVersion"/> means unconditional.
/// </summary>
public readonly record struct KeyValueTableVersion(long SegmentId, long SegmentVersion)
{
    /// <summary>The segment id of the special versions (Pravega's <c>VersionImpl.NO_SEGMENT_ID</c>).</summary>
    public const long NoSegmentId = long.MinValue;

    /// <summary>The key must not exist (the store's <c>NOT_EXISTS</c>, -1).</summary>
    public static KeyValueTableVersion NotExists { get; } = new(NoSegmentId, Segments.TableVersions.NotExists);

    /// <summary>No condition (the store's <c>NO_VERSION</c>, <see cref="long.MinValue"/>).</summary>
    public static KeyValueTableVersion NoVersion { get; } = new(NoSegmentId, Segments.TableVersions.NoVersion);

    /// <summary>Pravega's string form <c>segmentId:version</c>, so a version can be handed between processes.</summary>
    public override string ToString() => $"{SegmentId}:{SegmentVersion}";

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    public static KeyValueTableVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var segment)
            || !long.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            throw new FormatException($"'{text}' is not a key-value table version (segmentId:version).");
        }
        return new KeyValueTableVersion(segment, version);
    }
}
