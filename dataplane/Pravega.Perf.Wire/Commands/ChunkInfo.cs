namespace Pravega.Perf.Wire.Commands;

/// <summary>
/// One chunk of a segment in STORAGE_CHUNKS_LISTED.
/// <code>
/// int64 lengthInMetadata | int64 lengthInStorage | int64 startOffset | utf chunkName | bool existsInStorage
/// </code>
/// </summary>
public readonly record struct ChunkInfo(
    long LengthInMetadata, long LengthInStorage, long StartOffset, WireString ChunkName, bool ExistsInStorage)
{
    /// <summary>Smallest encoding (empty name), used to bound a declared count.</summary>
    internal const int MinSize = 8 + 8 + 8 + 2 + 1;

    internal int Size => MinSize + ChunkName.EncodedLength;

    internal static ChunkInfo Read(ref PayloadReader r) => new(
        r.ReadInt64("chunks.lengthInMetadata"),
        r.ReadInt64("chunks.lengthInStorage"),
        r.ReadInt64("chunks.startOffset"),
        r.ReadString("chunks.chunkName"),
        r.ReadBool("chunks.existsInStorage"));

    internal void Write(ref PayloadWriter w)
    {
        w.WriteInt64(LengthInMetadata);
        w.WriteInt64(LengthInStorage);
        w.WriteInt64(StartOffset);
        w.WriteString(ChunkName);
        w.WriteBool(ExistsInStorage);
    }
}
