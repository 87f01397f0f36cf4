using System.Buffers.Binary;
using Pravega.Perf.SegmentStore.Cache;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Operations;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    /// <summary>
    /// Logs a metadata checkpoint: a snapshot of every segment's pending state at this point of the sequence. Written
    /// every <c>CheckpointFrameInterval</c> frames or <c>CheckpointByteInterval</c> bytes. It is the only valid
    /// truncation point of the WAL: recovery from a log whose head was cut starts from its snapshot.
    /// <code>
    /// next segment id i64 | n i32 | n × (id i64 | type i64 | name | start i64 | length i64 | sealed u8 | modified i64
    ///                                     | m i32 | m × (attribute id 16 | value i64))
    ///                     | k i32 | k × (source name | target name)
    /// </code>
    /// With Tier-2, a storage checkpoint follows in the same frame (<see cref="AddStorageCheckpoint"/>).
    /// Under <c>_lock</c>.
    /// </summary>
    private void AddCheckpoint()
    {
        var storageSize = _storage is null ? 0 : OperationFormat.EnvelopeLength + 4 + (_pendingByName.Count * 16);
        var size = OperationFormat.EnvelopeLength + 8 + 4 + 4;
        foreach (var segment in _pendingByName.Values)
        {
            size += 8 + 8 + OperationFormat.StringSize(segment.Name) + 8 + 8 + 1 + 8 + 4
                + segment.Pending.Attributes.Count * OperationFormat.AttributeLength;
        }
        foreach (var (source, target) in _pendingMerged.Entries)
        {
            size += OperationFormat.StringSize(source) + OperationFormat.StringSize(target);
        }
        if (WalFormatLimit(size + storageSize))
        {
            // Too many segments for one frame: skip this checkpoint rather than fail the log. Recovery still replays
            // everything from the head, which is then not truncated any further.
            return;
        }
        // A checkpoint starts its own frame, so that frame is a place the log can be truncated to.
        if (!_open.IsEmpty)
        {
            SealOpenFrame();
        }
        var frame = FrameFor(string.Empty, size + storageSize);
        frame.StartsWithCheckpoint = frame.OperationCount == 0;
        var span = frame.Add(size, _nextSequence++, null, null, null);
        OperationFormat.WriteEnvelope(span, OperationType.Checkpoint, size - OperationFormat.EnvelopeLength);
        var body = span[OperationFormat.EnvelopeLength..];
        BinaryPrimitives.WriteInt64LittleEndian(body, _nextSegmentId);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], _pendingByName.Count);
        var p = 12;
        foreach (var segment in _pendingByName.Values)
        {
            var state = segment.Pending;
            BinaryPrimitives.WriteInt64LittleEndian(body[p..], segment.Id);
            BinaryPrimitives.WriteInt64LittleEndian(body[(p + 8)..], (long)segment.Type);
            p += 16 + OperationFormat.WriteString(body[(p + 16)..], segment.Name);
            BinaryPrimitives.WriteInt64LittleEndian(body[p..], state.StartOffset);
            BinaryPrimitives.WriteInt64LittleEndian(body[(p + 8)..], state.Length);
            body[p + 16] = state.IsSealed ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64LittleEndian(body[(p + 17)..], state.LastModifiedMs);
            BinaryPrimitives.WriteInt32LittleEndian(body[(p + 25)..], state.Attributes.Count);
            p += 29;
            foreach (var (id, value) in state.Attributes)
            {
                p += OperationFormat.WriteAttribute(body[p..], id, value);
            }
        }
        BinaryPrimitives.WriteInt32LittleEndian(body[p..], _pendingMerged.Count);
        p += 4;
        foreach (var (source, target) in _pendingMerged.Entries)
        {
            p += OperationFormat.WriteString(body[p..], source);
            p += OperationFormat.WriteString(body[p..], target);
        }
        if (storageSize > 0)
        {
            AddStorageCheckpoint(frame, storageSize);
        }
        WakeWriter();
    }

    /// <summary>
    /// Pravega's StorageMetadataCheckpoint: every segment's storage length, logged right after the metadata checkpoint
    /// in the same frame, so recovery from that checkpoint knows how much Tier-2 held (a true lower bound: recovery
    /// reconciles upwards against Tier-2). Under <c>_lock</c>.
    /// <code>
    /// n i32 | n × (segment id i64 | storage length i64)
    /// </code>
    /// </summary>
    private void AddStorageCheckpoint(Frame frame, int size)
    {
        var span = frame.Add(size, _nextSequence++, null, null, null);
        OperationFormat.WriteEnvelope(span, OperationType.StorageCheckpoint, size - OperationFormat.EnvelopeLength);
        var body = span[OperationFormat.EnvelopeLength..];
        BinaryPrimitives.WriteInt32LittleEndian(body, _pendingByName.Count);
        var p = 4;
        lock (_committedLock)
        {
            foreach (var segment in _pendingByName.Values)
            {
                BinaryPrimitives.WriteInt64LittleEndian(body[p..], segment.Id);
                BinaryPrimitives.WriteInt64LittleEndian(body[(p + 8)..], segment.StorageLength);
                p += 16;
            }
        }
    }

    /// <summary>Recovery: raises the storage lengths to the storage checkpoint's.</summary>
    private void ApplyStorageCheckpoint(ReadOnlySpan<byte> body)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(body);
        for (var i = 0; i < count; i++)
        {
            var id = BinaryPrimitives.ReadInt64LittleEndian(body[(4 + (i * 16))..]);
            var storageLength = BinaryPrimitives.ReadInt64LittleEndian(body[(12 + (i * 16))..]);
            if (_recoveryById!.TryGetValue(id, out var segment) && storageLength > segment.StorageLength)
            {
                segment.StorageLength = storageLength;
                ApplyStorageFloors(segment);
            }
        }
    }

    /// <summary>Recovery: makes the metadata exactly the checkpoint's snapshot.</summary>
    private void ApplyCheckpoint(ReadOnlySpan<byte> body)
    {
        _nextSegmentId = Math.Max(_nextSegmentId, BinaryPrimitives.ReadInt64LittleEndian(body));
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
        var p = 12;
        var seen = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            var id = BinaryPrimitives.ReadInt64LittleEndian(body[p..]);
            var type = (SegmentType)BinaryPrimitives.ReadInt64LittleEndian(body[(p + 8)..]);
            var name = OperationFormat.ReadString(body[(p + 16)..], out var consumed);
            p += 16 + consumed;
            var start = BinaryPrimitives.ReadInt64LittleEndian(body[p..]);
            var length = BinaryPrimitives.ReadInt64LittleEndian(body[(p + 8)..]);
            if (!_recoveryById!.TryGetValue(id, out var segment))
            {
                // The log head (with this segment's bytes) was truncated away: only metadata comes back, the bytes
                // below the length are in Tier-2 (the log is only cut past bytes that are).
                segment = new SegmentMetadata(id, name, type, new SegmentReadIndex(_cache, length));
                _recoveryById[id] = segment;
            }
            var state = segment.Committed;
            state.StartOffset = start;
            state.Length = length;
            state.IsSealed = body[p + 16] != 0;
            state.LastModifiedMs = BinaryPrimitives.ReadInt64LittleEndian(body[(p + 17)..]);
            var attributes = BinaryPrimitives.ReadInt32LittleEndian(body[(p + 25)..]);
            p += 29;
            state.Attributes.Clear();
            for (var a = 0; a < attributes; a++, p += OperationFormat.AttributeLength)
            {
                var (attributeId, value) = OperationFormat.ReadAttribute(body[p..]);
                state.SetAttribute(attributeId, value);
            }
            _committedByName[name] = segment;
            seen.Add(id);
        }
        foreach (var segment in _recoveryById!.Values.Where(s => !seen.Contains(s.Id)).ToList())
        {
            RemoveCommitted(segment);
        }
        var tombstones = BinaryPrimitives.ReadInt32LittleEndian(body[p..]);
        p += 4;
        var merged = new MergeTombstones();
        for (var i = 0; i < tombstones; i++)
        {
            var source = OperationFormat.ReadString(body[p..], out var a);
            var target = OperationFormat.ReadString(body[(p + a)..], out var b);
            p += a + b;
            merged.Add(source, target);
        }
        _committedMerged.CopyFrom(merged);
    }
}
