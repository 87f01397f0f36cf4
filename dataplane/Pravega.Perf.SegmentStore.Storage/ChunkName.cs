using System.Globalization;

namespace Pravega.Perf.SegmentStore.Storage;

/// <summary>
/// Chunk names as Pravega's chunked storage forms them (reference §1.23): <c>&lt;segment&gt;.E-&lt;epoch&gt;-O-&lt;offset&gt;.&lt;uuid&gt;</c>.
/// The epoch makes a chunk belong to one owner, so a new owner never appends to a chunk an old owner may still write;
/// the offset is where the chunk started in the segment that created it; the uuid makes names unique across retries.
/// </summary>
public static class ChunkName
{
    private const string EpochTag = ".E-";
    private const string OffsetTag = "-O-";

    /// <summary>Forms a new chunk name with a random uuid.</summary>
    public static string Create(string segmentName, long epoch, long offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{segmentName}{EpochTag}{epoch}{OffsetTag}{offset}.{Guid.NewGuid():N}");

    /// <summary>Splits a chunk name; false when it does not have the chunk form.</summary>
    public static bool TryParse(ReadOnlySpan<char> chunkName, out ReadOnlySpan<char> segmentName, out long epoch, out long offset)
    {
        segmentName = default;
        epoch = 0;
        offset = 0;
        var uuidDot = chunkName.LastIndexOf('.');
        if (uuidDot < 0 || chunkName.Length - uuidDot - 1 != 32 || !IsHex(chunkName[(uuidDot + 1)..]))
        {
            return false;
        }
        var head = chunkName[..uuidDot];
        var epochAt = head.LastIndexOf(EpochTag);
        if (epochAt < 0)
        {
            return false;
        }
        var numbers = head[(epochAt + EpochTag.Length)..];
        var offsetAt = numbers.IndexOf(OffsetTag);
        if (offsetAt < 0
            || !long.TryParse(numbers[..offsetAt], NumberStyles.None, CultureInfo.InvariantCulture, out epoch)
            || !long.TryParse(numbers[(offsetAt + OffsetTag.Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return false;
        }
        segmentName = head[..epochAt];
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
