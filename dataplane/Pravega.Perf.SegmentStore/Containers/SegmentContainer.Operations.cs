using System.Buffers.Binary;
using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Cache;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Metadata;
using Pravega.Perf.SegmentStore.Operations;

namespace Pravega.Perf.SegmentStore.Containers;

internal sealed partial class SegmentContainer
{
    public async Task CreateAsync(string segmentName, SegmentType type, IReadOnlyCollection<AttributeUpdate> attributes)
    {
        PendingOperation operation;
        lock (_lock)
        {
            ThrowIfStopping(segmentName);
            if (_pendingByName.ContainsKey(segmentName))
            {
                throw new StreamSegmentExistsException(segmentName);
            }
            var now = NowMs();
            var empty = new SegmentState();
            var values = ComputeAttributes(segmentName, empty, attributes);
            values.Add((SegmentAttributes.CreationTime, now));
            values.Add((SegmentAttributes.AttributeSegmentType, (long)type));
            values.Add((SegmentAttributes.CreationEpoch, Epoch));
            var size = OperationFormat.CreateSize(segmentName, values.Count);
            var frame = FrameFor(segmentName, size);
            var segment = new SegmentMetadata(_nextSegmentId++, segmentName, type, new SegmentReadIndex(_cache, 0));
            operation = _operationPool.Rent();
            operation.Result = 0;
            var span = frame.Add(size, _nextSequence++, operation, segment, null);
            OperationFormat.WriteEnvelope(span, OperationType.Create, size - OperationFormat.EnvelopeLength);
            var body = span[OperationFormat.EnvelopeLength..];
            BinaryPrimitives.WriteInt64LittleEndian(body, segment.Id);
            BinaryPrimitives.WriteInt64LittleEndian(body[8..], (long)type);
            BinaryPrimitives.WriteInt64LittleEndian(body[16..], now);
            var position = 24 + OperationFormat.WriteString(body[24..], segmentName);
            position += WriteAttributes(body[position..], values);
            foreach (var (id, value) in values)
            {
                segment.Pending.SetAttribute(id, value);
            }
            segment.Pending.LastModifiedMs = now;
            _pendingByName[segmentName] = segment;
            _pendingMerged.Remove(segmentName);
            WakeWriter();
        }
        await operation.Task.ConfigureAwait(false);
    }

    public async Task<long> SealAsync(string segmentName)
    {
        PendingOperation operation;
        lock (_lock)
        {
            ThrowIfStopping(segmentName);
            var segment = PendingSegment(segmentName);
            operation = _operationPool.Rent();
            operation.Result = segment.Pending.Length;
            if (segment.Pending.IsSealed)
            {
                // Idempotent, but only answer once the earlier seal is durable.
                _open.AddBarrier(operation);
            }
            else
            {
                AddSeal(segment, operation);
            }
            WakeWriter();
        }
        return await operation.Task.ConfigureAwait(false);
    }

    public async Task TruncateAsync(string segmentName, long offset)
    {
        PendingOperation operation;
        lock (_lock)
        {
            ThrowIfStopping(segmentName);
            var segment = PendingSegment(segmentName);
            var state = segment.Pending;
            if (offset > state.Length || offset < 0)
            {
                throw new BadOffsetException(segmentName, offset, state.Length);
            }
            operation = _operationPool.Rent();
            operation.Result = state.Length;
            if (offset <= state.StartOffset)
            {
                _open.AddBarrier(operation);
            }
            else
            {
                var size = OperationFormat.EnvelopeLength + OperationFormat.TruncateLength;
                var span = FrameFor(segmentName, size).Add(size, _nextSequence++, operation, segment, null);
                var now = NowMs();
                OperationFormat.WriteEnvelope(span, OperationType.Truncate, OperationFormat.TruncateLength);
                var body = span[OperationFormat.EnvelopeLength..];
                BinaryPrimitives.WriteInt64LittleEndian(body, segment.Id);
                BinaryPrimitives.WriteInt64LittleEndian(body[8..], offset);
                BinaryPrimitives.WriteInt64LittleEndian(body[16..], now);
                state.StartOffset = offset;
                state.LastModifiedMs = now;
            }
            WakeWriter();
        }
        await operation.Task.ConfigureAwait(false);
    }

    public async Task DeleteAsync(string segmentName)
    {
        PendingOperation operation;
        lock (_lock)
        {
            ThrowIfStopping(segmentName);
            var segment = PendingSegment(segmentName);
            var size = OperationFormat.EnvelopeLength + OperationFormat.DeleteLength;
            operation = _operationPool.Rent();
            operation.Result = 0;
            var span = FrameFor(segmentName, size).Add(size, _nextSequence++, operation, segment, null);
            OperationFormat.WriteEnvelope(span, OperationType.Delete, OperationFormat.DeleteLength);
            BinaryPrimitives.WriteInt64LittleEndian(span[OperationFormat.EnvelopeLength..], segment.Id);
            _pendingByName.Remove(segmentName);
            WakeWriter();
        }
        await operation.Task.ConfigureAwait(false);
    }

    public async Task<long> MergeAsync(string targetName, string sourceName, IReadOnlyCollection<AttributeUpdate> updates)
    {
        PendingOperation operation;
        var alreadyMerged = false;
        lock (_lock)
        {
            ThrowIfStopping(targetName);
            operation = _operationPool.Rent();
            if (!_pendingByName.TryGetValue(sourceName, out var source))
            {
                if (!_pendingMerged.WasMergedInto(sourceName, targetName))
                {
                    _operationPool.Return(operation);
                    throw new StreamSegmentNotExistsException(sourceName);
                }
                alreadyMerged = true;
                _open.AddBarrier(operation);
            }
            else
            {
                try
                {
                    AddMerge(PendingSegment(targetName), source, updates, operation);
                }
                catch
                {
                    _operationPool.Return(operation);
                    throw;
                }
            }
            WakeWriter();
        }
        var length = await operation.Task.ConfigureAwait(false);
        if (alreadyMerged)
        {
            lock (_committedLock)
            {
                return CommittedSegment(targetName).Committed.Length;
            }
        }
        return length;
    }

    public async Task UpdateAttributesAsync(string segmentName, IReadOnlyCollection<AttributeUpdate> updates)
    {
        PendingOperation operation;
        lock (_lock)
        {
            ThrowIfStopping(segmentName);
            var segment = PendingSegment(segmentName);
            if (segment.Pending.IsSealed)
            {
                throw new StreamSegmentSealedException(segmentName);
            }
            var values = ComputeAttributes(segmentName, segment.Pending, updates);
            var size = OperationFormat.EnvelopeLength + OperationFormat.UpdateAttributesFixedLength
                + values.Count * OperationFormat.AttributeLength;
            var frame = FrameFor(segmentName, size);
            operation = _operationPool.Rent();
            operation.Result = segment.Pending.Length;
            var span = frame.Add(size, _nextSequence++, operation, segment, null);
            var now = NowMs();
            OperationFormat.WriteEnvelope(span, OperationType.UpdateAttributes, size - OperationFormat.EnvelopeLength);
            var body = span[OperationFormat.EnvelopeLength..];
            BinaryPrimitives.WriteInt64LittleEndian(body, segment.Id);
            BinaryPrimitives.WriteInt64LittleEndian(body[8..], now);
            WriteAttributes(body[16..], values);
            foreach (var (id, value) in values)
            {
                segment.Pending.SetAttribute(id, value);
            }
            segment.Pending.LastModifiedMs = now;
            WakeWriter();
        }
        await operation.Task.ConfigureAwait(false);
    }

    public SegmentProperties GetSegmentInfo(string segmentName)
    {
        lock (_committedLock)
        {
            var segment = CommittedSegment(segmentName);
            var state = segment.Committed;
            return new SegmentProperties(segment.Name, segment.Type, state.StartOffset, state.Length, state.IsSealed,
                isDeleted: false, DateTimeOffset.FromUnixTimeMilliseconds(state.LastModifiedMs),
                new Dictionary<Uuid, long>(state.Attributes));
        }
    }

    public long GetAttribute(string segmentName, Uuid attributeId)
    {
        lock (_committedLock)
        {
            return CommittedSegment(segmentName).Committed.GetAttribute(attributeId);
        }
    }

    public Dictionary<Uuid, long> GetAttributes(string segmentName, IReadOnlyCollection<Uuid> attributeIds)
    {
        lock (_committedLock)
        {
            var state = CommittedSegment(segmentName).Committed;
            var result = new Dictionary<Uuid, long>(attributeIds.Count);
            foreach (var id in attributeIds)
            {
                result[id] = state.GetAttribute(id);
            }
            return result;
        }
    }

    private void AddSeal(SegmentMetadata segment, PendingOperation? operation)
    {
        var size = OperationFormat.EnvelopeLength + OperationFormat.SealLength;
        var span = FrameFor(segment.Name, size).Add(size, _nextSequence++, operation, segment, null);
        var now = NowMs();
        OperationFormat.WriteEnvelope(span, OperationType.Seal, OperationFormat.SealLength);
        BinaryPrimitives.WriteInt64LittleEndian(span[OperationFormat.EnvelopeLength..], segment.Id);
        BinaryPrimitives.WriteInt64LittleEndian(span[(OperationFormat.EnvelopeLength + 8)..], now);
        segment.Pending.IsSealed = true;
        segment.Pending.LastModifiedMs = now;
    }

    private void AddMerge(SegmentMetadata target, SegmentMetadata source, IReadOnlyCollection<AttributeUpdate> updates,
        PendingOperation operation)
    {
        if (ReferenceEquals(target, source))
        {
            throw new ArgumentException($"Cannot merge segment '{target.Name}' into itself.", nameof(source));
        }
        if (target.Pending.IsSealed)
        {
            throw new StreamSegmentSealedException(target.Name);
        }
        if (source.Pending.StartOffset > 0)
        {
            throw new StreamSegmentTruncatedException(source.Name, source.Pending.StartOffset, 0);
        }
        var sourceEvents = source.Pending.GetAttribute(SegmentAttributes.EventCount);
        var all = new List<AttributeUpdate>(updates);
        if (sourceEvents != SegmentAttributes.NullValue)
        {
            all.Add(AttributeUpdate.Accumulate(SegmentAttributes.EventCount, sourceEvents));
        }
        var values = ComputeAttributes(target.Name, target.Pending, all);
        var targetOffset = target.Pending.Length;
        var sourceLength = source.Pending.Length;
        if (!target.ReadIndex.TryReserve(targetOffset + sourceLength))
        {
            throw new CacheFullException(target.Name, CacheFullReason());
        }
        var size = OperationFormat.EnvelopeLength + OperationFormat.MergeFixedLength + values.Count * OperationFormat.AttributeLength;
        if (WalFormatLimit(size))
        {
            throw new OperationTooLargeException(target.Name, size, _device.MaxFrameLength);
        }
        CopyMergedBytes(source, sourceLength, target, targetOffset);

        // The merge requires a sealed source; seal it first, in the same critical section, so nothing slips between.
        if (!source.Pending.IsSealed)
        {
            AddSeal(source, null);
        }
        var span = FrameFor(target.Name, size).Add(size, _nextSequence++, operation, target, source);
        var now = NowMs();
        OperationFormat.WriteEnvelope(span, OperationType.Merge, size - OperationFormat.EnvelopeLength);
        var body = span[OperationFormat.EnvelopeLength..];
        BinaryPrimitives.WriteInt64LittleEndian(body, target.Id);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], source.Id);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], targetOffset);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], sourceLength);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], now);
        WriteAttributes(body[40..], values);
        foreach (var (id, value) in values)
        {
            target.Pending.SetAttribute(id, value);
        }
        target.Pending.Length = targetOffset + sourceLength;
        target.Pending.LastModifiedMs = now;
        operation.Result = target.Pending.Length;
        _pendingByName.Remove(source.Name);
        _pendingMerged.Add(source.Name, target.Name);
    }

    private bool WalFormatLimit(int size) => Wal.WalFrameFormat.HeaderLength + size > _device.MaxFrameLength;

    /// <summary>Validates attribute updates against <paramref name="state"/> and returns their resulting values, all or
    /// nothing. A later update of the same id in the list sees the earlier one's result.</summary>
    private static List<(Uuid Id, long Value)> ComputeAttributes(string segmentName, SegmentState state,
        IReadOnlyCollection<AttributeUpdate> updates)
    {
        var results = new List<(Uuid Id, long Value)>(updates.Count + 3);
        foreach (var update in updates)
        {
            var current = state.GetAttribute(update.Id);
            for (var i = results.Count - 1; i >= 0; i--)
            {
                if (results[i].Id == update.Id)
                {
                    current = results[i].Value;
                    break;
                }
            }
            long value;
            switch (update.Type)
            {
                case AttributeUpdateType.None:
                    if (current != SegmentAttributes.NullValue)
                    {
                        throw new BadAttributeUpdateException(segmentName, update.Id, SegmentAttributes.NullValue, current);
                    }
                    value = update.Value;
                    break;
                case AttributeUpdateType.Replace:
                    value = update.Value;
                    break;
                case AttributeUpdateType.ReplaceIfGreater:
                    if (current != SegmentAttributes.NullValue && update.Value <= current)
                    {
                        throw new BadAttributeUpdateException(segmentName, update.Id, update.Value, current);
                    }
                    value = update.Value;
                    break;
                case AttributeUpdateType.Accumulate:
                    value = (current == SegmentAttributes.NullValue ? 0 : current) + update.Value;
                    break;
                case AttributeUpdateType.ReplaceIfEquals:
                    if (current != update.ComparisonValue)
                    {
                        throw new BadAttributeUpdateException(segmentName, update.Id, update.ComparisonValue, current);
                    }
                    value = update.Value;
                    break;
                default:
                    throw new ArgumentException($"Unknown attribute update type {update.Type}.", nameof(updates));
            }
            results.Add((update.Id, value));
        }
        return results;
    }

    private static int WriteAttributes(Span<byte> destination, List<(Uuid Id, long Value)> values)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, checked((ushort)values.Count));
        var position = 2;
        foreach (var (id, value) in values)
        {
            position += OperationFormat.WriteAttribute(destination[position..], id, value);
        }
        return position;
    }
}
