using System.Globalization;
using Pravega.Perf.Common.Hashing;

namespace Pravega.Perf.Common.Naming;

/// <summary>
/// Maps a segment name to its segment container exactly as Pravega does, so our controller, segment store and client
/// agree with Pravega's on who owns a segment: Guava's <c>consistentHash</c> of murmur3_128 (seed
/// <see cref="Seed"/>) over the segment's primary name (<see cref="NameUtils.GetPrimarySegmentName"/>).
/// </summary>
public sealed class SegmentToContainerMapper
{
    /// <summary><c>"SegmentToContainerMapper".hashCode()</c> in Java.</summary>
    public const int Seed = 1661405012;

    private const string ContainerMetadataPrefix = "_system/containers/metadata_";
    private const string StorageMetadataPrefix = "_system/containers/storage_metadata_";

    private readonly bool _enableAdmin;

    /// <param name="containerCount">Must equal the controller's and every segment store's count.</param>
    /// <param name="enableAdmin">
    /// Pravega's admin-gateway mode: container and storage metadata segments (<c>_system/containers/metadata_&lt;id&gt;</c>,
    /// <c>…/storage_metadata_&lt;id&gt;</c>) resolve to the container named by their suffix instead of by hash.
    /// </param>
    public SegmentToContainerMapper(int containerCount, bool enableAdmin = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(containerCount);
        ContainerCount = containerCount;
        _enableAdmin = enableAdmin;
    }

    public int ContainerCount { get; }

    /// <summary>The container that owns <paramref name="segmentName"/>. Allocates nothing.</summary>
    public int GetContainerId(ReadOnlySpan<char> segmentName)
    {
        if (_enableAdmin && TryGetMetadataSegmentContainerId(segmentName, out var id))
        {
            return id;
        }
        var primary = NameUtils.GetPrimarySegmentName(segmentName);
        return ConsistentHash.Bucket(Murmur3.HashUnencodedChars(primary, Seed).AsLong(), ContainerCount);
    }

    // Pravega parses what follows the last '_' as a Java int; a name that does not parse, or a negative id,
    // falls back to hashing.
    private static bool TryGetMetadataSegmentContainerId(ReadOnlySpan<char> segmentName, out int id)
    {
        id = -1;
        if (!segmentName.StartsWith(ContainerMetadataPrefix, StringComparison.Ordinal)
            && !segmentName.StartsWith(StorageMetadataPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var suffix = segmentName[(segmentName.LastIndexOf('_') + 1)..];
        return int.TryParse(suffix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id) && id >= 0;
    }
}
