using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.Exceptions;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

public sealed partial class FileSystemChunkStorage
{
    /// <summary>
    /// Concat in four commits, each atomic, so that a crash between any two leaves a state that
    /// <see cref="Own"/> or <see cref="ReconcileAsync"/> finishes or undoes:
    /// <list type="number">
    /// <item>source: <c>MergedInto = target</c> (the intent; undone if the target never got the chunks);</item>
    /// <item>target: the source's chunks appended (offsets shifted), <c>PendingMergeSource = source</c>: the point of no return;</item>
    /// <item>source: its metadata deleted (its chunk files now belong to the target);</item>
    /// <item>target: <c>PendingMergeSource</c> cleared.</item>
    /// </list>
    /// </summary>
    public ValueTask ConcatAsync(string targetSegment, long targetOffset, string sourceSegment, CancellationToken cancellationToken = default) =>
        GuardVoid(targetSegment, () =>
        {
            if (targetSegment == sourceSegment)
            {
                throw new ArgumentException($"cannot concat segment '{targetSegment}' onto itself", nameof(sourceSegment));
            }
            var first = string.CompareOrdinal(targetSegment, sourceSegment) < 0 ? targetSegment : sourceSegment;
            var second = first == targetSegment ? sourceSegment : targetSegment;
            return WithState(first, a => WithState(second, b =>
            {
                ConcatCore(first == targetSegment ? a : b, targetOffset, first == targetSegment ? b : a);
                return true;
            }));
        }, cancellationToken);

    private void ConcatCore(SegmentState target, long targetOffset, SegmentState source)
    {
        var targetRecord = Own(target);
        var sourceRecord = Own(source);
        if (!sourceRecord.IsSealed)
        {
            throw new SegmentNotSealedException(source.Name);
        }
        if (sourceRecord.StartOffset != 0)
        {
            throw new StreamSegmentTruncatedException(source.Name, sourceRecord.StartOffset, 0);
        }
        if (targetRecord.IsSealed)
        {
            throw new StreamSegmentSealedException(target.Name);
        }
        if (targetOffset != targetRecord.Length)
        {
            throw new BadOffsetException(target.Name, targetOffset, targetRecord.Length);
        }

        sourceRecord = Commit(source, sourceRecord, sourceRecord.Next(Epoch) with { MergedInto = target.Name });

        var shift = targetRecord.Length;
        var chunks = targetRecord.Chunks.AddRange(sourceRecord.Chunks.Select(c => c with { StartOffset = c.StartOffset + shift }));
        var closedChunk = targetRecord.Chunks.Length > 0 ? targetRecord.Chunks[^1].Name : null;
        targetRecord = Commit(target, targetRecord, targetRecord.Next(Epoch) with
        {
            Length = shift + sourceRecord.Length,
            Chunks = chunks,
            PendingMergeSource = source.Name,
        });
        target.CloseActive();

        _metadata.DeleteAll(source.Directory);
        Retire(source);

        Commit(target, targetRecord, targetRecord.Next(Epoch) with { PendingMergeSource = null });
        if (closedChunk is not null)
        {
            TryCompress(target, closedChunk);
        }
    }

    /// <summary>
    /// A source whose metadata says it is being merged: if the target already holds its chunks the merge happened
    /// (delete the source's metadata; returns null), otherwise undo the intent (returns the source's new record).
    /// </summary>
    private SegmentRecord? ResolveMergeSource(SegmentState source, SegmentRecord record, ReconcileReport? report)
    {
        var target = _metadata.LoadLatest(_paths.SegmentDirectory(record.MergedInto!));
        var merged = target is { IsDeleted: false }
            && (target.PendingMergeSource == source.Name
                || (record.Chunks.Length > 0 && target.Chunks.Any(c => c.Name == record.Chunks[0].Name)));
        if (merged)
        {
            _metadata.DeleteAll(source.Directory);
            Retire(source);
            if (report is not null)
            {
                report.ConcatsCompleted++;
            }
            return null;
        }
        if (report is not null)
        {
            report.ConcatsRolledBack++;
        }
        return Commit(source, record, record.Next(Epoch) with { MergedInto = null });
    }

    /// <summary>A target that got a source's chunks but may still have the source's metadata around: remove it, clear the mark.</summary>
    private SegmentRecord FinishMergeTarget(SegmentState target, SegmentRecord record, ReconcileReport? report)
    {
        var sourceName = record.PendingMergeSource!;
        var sourceDirectory = _paths.SegmentDirectory(sourceName);
        var source = _metadata.LoadLatest(sourceDirectory);
        if (source is not null && source.Name == sourceName && source.MergedInto == target.Name)
        {
            _metadata.DeleteAll(sourceDirectory);
            if (_segments.TryGetValue(sourceName, out var state))
            {
                Retire(state);
            }
            if (report is not null)
            {
                report.ConcatsCompleted++;
            }
        }
        return Commit(target, record, record.Next(Epoch) with { PendingMergeSource = null });
    }
}
