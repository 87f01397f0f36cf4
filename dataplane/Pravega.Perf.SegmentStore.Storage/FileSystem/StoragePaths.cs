using System.Security.Cryptography;
using System.Text;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// Where things live under the root: <c>segments/&lt;segment&gt;/</c> holds a segment's metadata versions,
/// <c>chunks/&lt;chunk&gt;</c> every chunk of every segment (one flat directory, so a concat relinks chunks between
/// segments without moving files). Names are percent-escaped into single path components, and shortened with a hash
/// when they would pass the 255-byte file name limit; the chunk suffix (epoch, offset, uuid) is always kept whole so
/// orphan collection can read the epoch from the file name.
/// </summary>
internal sealed class StoragePaths
{
    public const string CompressedSuffix = ".zst";
    public const string TempSuffix = ".tmp";
    private const int MaxComponentBytes = 200;

    public StoragePaths(string root)
    {
        Root = Path.GetFullPath(root);
        SegmentsDirectory = Path.Combine(Root, "segments");
        ChunksDirectory = Path.Combine(Root, "chunks");
    }

    public string Root { get; }

    public string SegmentsDirectory { get; }

    public string ChunksDirectory { get; }

    public string SegmentDirectory(string segmentName) => Path.Combine(SegmentsDirectory, Component(segmentName, suffix: ""));

    public string ChunkPath(string chunkName) => Path.Combine(ChunksDirectory, ChunkFileName(chunkName));

    public string CompressedChunkPath(string chunkName) => ChunkPath(chunkName) + CompressedSuffix;

    public static string ChunkFileName(string chunkName)
    {
        if (!ChunkName.TryParse(chunkName, out var segment, out _, out _))
        {
            return Component(chunkName, suffix: "");
        }
        // The suffix is ".E-<digits>-O-<digits>.<hex>", safe as it is.
        return Component(segment.ToString(), suffix: chunkName[segment.Length..]);
    }

    private static string Component(string name, string suffix)
    {
        var escaped = Escape(name);
        if (Encoding.UTF8.GetByteCount(escaped) + suffix.Length <= MaxComponentBytes)
        {
            return escaped + suffix;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 12));
        return escaped[..Math.Min(escaped.Length, 100)] + "~" + hash + suffix;
    }

    private static string Escape(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '#' or '$')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(Convert.ToHexString([b]));
            }
        }
        if (sb.Length > 0 && sb[0] == '.')
        {
            // "." and ".." are not file names; a leading dot would also hide the file.
            sb.Remove(0, 1).Insert(0, "%2E");
        }
        return sb.ToString();
    }
}
