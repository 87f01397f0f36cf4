namespace Pravega.Perf.SegmentStore.Storage;

/// <summary>What <see cref="IChunkedSegmentStorage.ReconcileAsync"/> found and repaired.</summary>
public sealed class ReconcileReport
{
    /// <summary>Segments whose metadata was read.</summary>
    public int SegmentsChecked { get; set; }

    /// <summary>Segments this epoch took over from a lower one.</summary>
    public int SegmentsFenced { get; set; }

    /// <summary>Segments skipped because a higher epoch owns them.</summary>
    public int SegmentsOwnedByNewerEpoch { get; set; }

    /// <summary>Chunk files no metadata refers to, deleted.</summary>
    public int OrphanChunksDeleted { get; set; }

    /// <summary>Chunk files cut back to the length the metadata acknowledges.</summary>
    public int ChunksTrimmed { get; set; }

    /// <summary>Interrupted compressions: a stale raw or compressed copy deleted.</summary>
    public int CompressionLeftoversDeleted { get; set; }

    /// <summary>Temporary files (uncommitted metadata or compression output) deleted.</summary>
    public int TempFilesDeleted { get; set; }

    /// <summary>Interrupted concats finished (the target already held the source's chunks).</summary>
    public int ConcatsCompleted { get; set; }

    /// <summary>Interrupted concats undone (the target never received the source's chunks).</summary>
    public int ConcatsRolledBack { get; set; }

    /// <summary>Interrupted deletes finished.</summary>
    public int DeletesCompleted { get; set; }

    /// <summary>True when a newer epoch owns some segment, so no chunk file was deleted (this instance is stale).</summary>
    public bool OrphanCollectionSkipped { get; set; }

    /// <summary>Chunks that metadata refers to but whose bytes are missing or short: data loss, needs an operator.</summary>
    public List<string> MissingChunks { get; } = [];

    /// <inheritdoc />
    public override string ToString() =>
        $"segments={SegmentsChecked} fenced={SegmentsFenced} newer={SegmentsOwnedByNewerEpoch} orphans={OrphanChunksDeleted} " +
        $"trimmed={ChunksTrimmed} compressionLeftovers={CompressionLeftoversDeleted} temp={TempFilesDeleted} " +
        $"concatsCompleted={ConcatsCompleted} concatsRolledBack={ConcatsRolledBack} deletes={DeletesCompleted} missing={MissingChunks.Count}";
}
