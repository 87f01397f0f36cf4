using System.Buffers.Binary;
using System.Diagnostics;
using Pravega.Perf.SegmentStore.Cache;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Operations;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>How long a recovering container waits for others to make cache room before it gives up.</summary>
    private static readonly TimeSpan RecoveryRoomWait = TimeSpan.FromSeconds(30);

    /// <summary>Segments by id while recovering (live commits carry the segment references in the frame entries).</summary>
    private Dictionary<long, SegmentMetadata>? _recoveryById;

    /// <summary>Address of the frame whose operations are being applied.</summary>
    private long _applyAddress;

    /// <summary>
    /// Applies one logged operation to the committed state, under <c>_committedLock</c>. The same code replays the log
    /// on recovery, where it also puts appended bytes back into the cache (live appends put them there when they
    /// were accepted). Returns the operation's length in bytes.
    /// </summary>
    private int Apply(ReadOnlySpan<byte> operation, SegmentMetadata? segment, SegmentMetadata? source, bool recovering)
    {
        var type = (OperationType)operation[0];
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(operation[1..]);
        var body = operation.Slice(OperationFormat.EnvelopeLength, bodyLength);
        switch (type)
        {
            case OperationType.Append:
                ApplyAppend(body, segment ?? RecoveredSegment(body), recovering);
                break;
            case OperationType.Seal:
                segment ??= RecoveredSegment(body);
                segment.Committed.IsSealed = true;
                segment.Committed.LastModifiedMs = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
                EnqueueStorage(OperationType.Seal, segment, null, segment.Committed.Length, 0);
                CollectTailReads(segment, TailReadOutcome.Changed);
                break;
            case OperationType.Truncate:
                segment ??= RecoveredSegment(body);
                var offset = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
                segment.Committed.StartOffset = Math.Max(segment.Committed.StartOffset, offset);
                segment.Committed.LastModifiedMs = BinaryPrimitives.ReadInt64LittleEndian(body[16..]);
                segment.ReadIndex.TruncateBefore(CacheFloor(segment));
                segment.WalExtents.TruncateBefore(WalFloor(segment));
                EnqueueStorage(OperationType.Truncate, segment, null, segment.Committed.StartOffset, 0);
                break;
            case OperationType.Delete:
                segment ??= RecoveredSegment(body);
                RemoveCommitted(segment);
                EnqueueStorage(OperationType.Delete, segment, null, 0, 0);
                break;
            case OperationType.Create:
                ApplyCreate(body, segment);
                break;
            case OperationType.UpdateAttributes:
                segment ??= RecoveredSegment(body);
                segment.Committed.LastModifiedMs = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
                ApplyAttributes(body[16..], segment.Committed);
                break;
            case OperationType.Merge:
                ApplyMerge(body, segment, source, recovering);
                break;
            case OperationType.Checkpoint:
                if (recovering)
                {
                    ApplyCheckpoint(body);
                }
                break;
            case OperationType.StorageCheckpoint:
                if (recovering)
                {
                    ApplyStorageCheckpoint(body);
                }
                break;
            default:
                throw new InvalidDataException($"Container {Id}: unknown WAL operation type {(byte)type}.");
        }
        return OperationFormat.EnvelopeLength + bodyLength;
    }

    private void ApplyAppend(ReadOnlySpan<byte> body, SegmentMetadata segment, bool recovering)
    {
        var offset = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        var state = segment.Committed;
        if (offset != state.Length)
        {
            throw new InvalidDataException(
                $"Container {Id}: append to '{segment.Name}' at {offset} but its length is {state.Length}.");
        }
        state.LastModifiedMs = BinaryPrimitives.ReadInt64LittleEndian(body[16..]);
        int count = body[24];
        var position = 25;
        for (var i = 0; i < count; i++, position += OperationFormat.AttributeLength)
        {
            var (id, value) = OperationFormat.ReadAttribute(body[position..]);
            state.SetAttribute(id, value);
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(body[position..]);
        if (recovering)
        {
            ReserveForRecovery(segment, offset + length);
            // A reconciliation during this replay may have raised the storage length past the replay: the blocks that
            // hold these bytes are then evictable, and the reclaim of a later reservation may take one between reserve
            // and write. Such a block's bytes are in Tier-2, where a read fetches them from.
            segment.ReadIndex.Write(offset, body.Slice(position + 4, length), skipEvicted: true);
        }
        state.Length = offset + length;
        segment.WalExtents.Add(_applyAddress, state.Length);
        MarkUnflushed(segment);
        CollectTailReads(segment, TailReadOutcome.Changed);
    }

    /// <summary>
    /// Makes cache room for replayed bytes up to <paramref name="end"/>. The containers of a store recover at the same
    /// time and share the cache: replayed bytes that reached Tier-2 after the last checkpoint are only evictable once
    /// their container reconciled with Tier-2, so a container that finds no room reconciles its own segments and, if
    /// that is not enough, waits for the others (each reconciles when it runs out of room, and its storage writer
    /// when it has started) instead of failing the start at once. Only unflushed data larger than the whole cache
    /// (which the running store never accepts) makes it give up.
    /// </summary>
    private void ReserveForRecovery(SegmentMetadata segment, long end)
    {
        if (segment.ReadIndex.TryReserve(end))
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            ReconcileForRecoveryRoom();
            if (segment.ReadIndex.TryReserve(end))
            {
                return;
            }
            if (_storage is null || Stopwatch.GetElapsedTime(started) > RecoveryRoomWait)
            {
                throw new InvalidOperationException(
                    $"Container {Id}: the cache is too small to hold the recovered unflushed data of '{segment.Name}'.");
            }
            _cache.NotifyStorageWriters();
            Thread.Sleep(20);
        }
    }

    private void ApplyCreate(ReadOnlySpan<byte> body, SegmentMetadata? segment)
    {
        var id = BinaryPrimitives.ReadInt64LittleEndian(body);
        if (segment is null)
        {
            var type = (SegmentType)BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
            var name = OperationFormat.ReadString(body[24..], out _);
            segment = new SegmentMetadata(id, name, type, new SegmentReadIndex(_cache, 0));
            _recoveryById![id] = segment;
            _nextSegmentId = Math.Max(_nextSegmentId, id + 1);
        }
        var state = segment.Committed;
        state.LastModifiedMs = BinaryPrimitives.ReadInt64LittleEndian(body[16..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
        ApplyAttributes(body[(24 + 2 + nameLength)..], state);
        _committedByName[segment.Name] = segment;
        _committedMerged.Remove(segment.Name);
        EnqueueStorage(OperationType.Create, segment, null, 0, 0);
    }

    private void ApplyMerge(ReadOnlySpan<byte> body, SegmentMetadata? target, SegmentMetadata? source, bool recovering)
    {
        target ??= RecoveredSegment(body);
        source ??= RecoveredSegment(body[8..]);
        var targetOffset = BinaryPrimitives.ReadInt64LittleEndian(body[16..]);
        var sourceLength = BinaryPrimitives.ReadInt64LittleEndian(body[24..]);
        var state = target.Committed;
        if (targetOffset != state.Length)
        {
            throw new InvalidDataException(
                $"Container {Id}: merge into '{target.Name}' at {targetOffset} but its length is {state.Length}.");
        }
        if (recovering)
        {
            ReserveForRecovery(target, targetOffset + sourceLength);
            CopyMergedBytes(source, sourceLength, target, targetOffset);
        }
        state.Length = targetOffset + sourceLength;
        foreach (var (address, endOffset) in source.WalExtents.Live)
        {
            // The source's bytes now live in the target, still in the source's frames.
            target.WalExtents.Add(address, targetOffset + endOffset);
        }
        state.LastModifiedMs = BinaryPrimitives.ReadInt64LittleEndian(body[32..]);
        ApplyAttributes(body[40..], state);
        RemoveCommitted(source);
        _committedMerged.Add(source.Name, target.Name);
        EnqueueStorage(OperationType.Merge, target, source, targetOffset, sourceLength);
        MarkUnflushed(target);
        CollectTailReads(target, TailReadOutcome.Changed);
    }

    private void RemoveCommitted(SegmentMetadata segment)
    {
        if (_committedByName.TryGetValue(segment.Name, out var current) && ReferenceEquals(current, segment))
        {
            _committedByName.Remove(segment.Name);
        }
        _recoveryById?.Remove(segment.Id);
        segment.Removed = true;
        segment.ReadIndex.Free();
        CollectTailReads(segment, TailReadOutcome.Gone);
    }

    private static void ApplyAttributes(ReadOnlySpan<byte> attributes, SegmentState state)
    {
        var count = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
        var position = 2;
        for (var i = 0; i < count; i++, position += OperationFormat.AttributeLength)
        {
            var (id, value) = OperationFormat.ReadAttribute(attributes[position..]);
            state.SetAttribute(id, value);
        }
    }

    private SegmentMetadata RecoveredSegment(ReadOnlySpan<byte> body)
    {
        var id = BinaryPrimitives.ReadInt64LittleEndian(body);
        return _recoveryById is not null && _recoveryById.TryGetValue(id, out var segment)
            ? segment
            : throw new InvalidDataException($"Container {Id}: WAL operation on unknown segment id {id}.");
    }
}
