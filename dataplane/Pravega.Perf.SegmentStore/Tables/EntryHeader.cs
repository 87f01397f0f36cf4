namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>The decoded header of one serialized table entry (<see cref="EntrySerializer"/>).</summary>
internal readonly record struct EntryHeader(bool IsRemoval, int KeyLength, int ValueLength, long ExplicitVersion, uint Crc)
{
    /// <summary>Header + key + value.</summary>
    public int TotalLength => EntrySerializer.HeaderLength + KeyLength + ValueLength;

    /// <summary>The entry's version: the one it was copied with (compaction), else the offset it was written at.</summary>
    public long VersionAt(long offset) => ExplicitVersion == Contracts.Tables.TableKey.NoVersion ? offset : ExplicitVersion;
}
