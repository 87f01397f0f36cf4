using System.Buffers;
using System.Buffers.Binary;

namespace Pravega.Perf.Client.Segments;

/// <summary>
/// Events that travel as one <c>APPEND_BLOCK</c>: their stored form (<c>[int 0][int length][payload]</c> each) in one
/// pooled buffer, stored atomically by the segment store and acknowledged together, with one completion for all of
/// them. Batching the completion is what keeps the write path free of per-event allocations: every event of a batch
/// hands its caller the same task.
/// </summary>
/// <remarks>
/// Each event (or atomic group of events written together) is a <em>unit</em> with its routing-key hash, so that a
/// batch left on a sealed segment can be split again over the successors, unit by unit, in order.
/// </remarks>
internal sealed class AppendBatch
{
    private byte[] _data;
    private int[] _unitEnds;
    private int[] _unitEvents;
    private double[] _unitHashes;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A batch with room for <paramref name="capacity"/> bytes in <paramref name="units"/> units before it
    /// grows (the writer sizes new batches like the last one, so a steady load never grows one).</summary>
    public AppendBatch(int capacity, int units)
    {
        _data = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
        units = Math.Max(units, 16);
        _unitEnds = ArrayPool<int>.Shared.Rent(units);
        _unitEvents = ArrayPool<int>.Shared.Rent(units);
        _unitHashes = ArrayPool<double>.Shared.Rent(units);
    }

    /// <summary>Bytes of stored-form events.</summary>
    public int Length { get; private set; }

    /// <summary>Events in the batch (an atomic group counts each of its events).</summary>
    public int EventCount { get; private set; }

    public int UnitCount { get; private set; }

    /// <summary>The event number of the batch's last event (set when the batch is closed: the store's dedup key).</summary>
    public long LastEventNumber { get; set; }

    public ReadOnlyMemory<byte> Data => _data.AsMemory(0, Length);

    /// <summary>Completed the moment the batch is acknowledged (or failed) — before any continuation runs.</summary>
    public Task Completion => _completion.Task;

    public int Free => _data.Length - Length;

    /// <summary>Adds one event: <paramref name="payload"/> framed with its 8-byte header.</summary>
    public void AddEvent(ReadOnlySpan<byte> payload, double hash)
    {
        var size = payload.Length + 8;
        EnsureRoom(size);
        var target = _data.AsSpan(Length, size);
        BinaryPrimitives.WriteInt32BigEndian(target, 0);
        BinaryPrimitives.WriteInt32BigEndian(target[4..], payload.Length);
        payload.CopyTo(target[8..]);
        Length += size;
        AddUnit(1, hash);
    }

    /// <summary>Adds bytes already in stored form holding <paramref name="events"/> events, as one unit.</summary>
    public void AddFramed(ReadOnlySpan<byte> framed, int events, double hash)
    {
        EnsureRoom(framed.Length);
        framed.CopyTo(_data.AsSpan(Length));
        Length += framed.Length;
        AddUnit(events, hash);
    }

    /// <summary>The units in order: their stored bytes, event count and hash (for re-routing after a seal).</summary>
    public IEnumerable<(ReadOnlyMemory<byte> Data, int Events, double Hash)> Units()
    {
        var start = 0;
        for (var i = 0; i < UnitCount; i++)
        {
            yield return (_data.AsMemory(start, _unitEnds[i] - start), _unitEvents[i], _unitHashes[i]);
            start = _unitEnds[i];
        }
    }

    public void Succeed() => _completion.TrySetResult();

    public void Fail(Exception failure) => _completion.TrySetException(failure);

    /// <summary>Completes as <paramref name="outcome"/> does (the batch's events moved elsewhere).</summary>
    public void CompleteWith(Task outcome) =>
        outcome.ContinueWith(static (t, state) =>
        {
            var batch = (AppendBatch)state!;
            if (t.IsCompletedSuccessfully)
            {
                batch.Succeed();
            }
            else
            {
                batch.Fail(t.Exception?.InnerException ?? new OperationCanceledException());
            }
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Gives the buffers back to their pools; the batch is not used afterwards.</summary>
    public void Release()
    {
        ArrayPool<byte>.Shared.Return(_data);
        ArrayPool<int>.Shared.Return(_unitEnds);
        ArrayPool<int>.Shared.Return(_unitEvents);
        ArrayPool<double>.Shared.Return(_unitHashes);
        _data = [];
        _unitEnds = _unitEvents = [];
        _unitHashes = [];
    }

    private void AddUnit(int events, double hash)
    {
        if (UnitCount == _unitEnds.Length)
        {
            Grow(ref _unitEnds);
            Grow(ref _unitEvents);
            Grow(ref _unitHashes);
        }
        _unitEnds[UnitCount] = Length;
        _unitEvents[UnitCount] = events;
        _unitHashes[UnitCount] = hash;
        UnitCount++;
        EventCount += events;
    }

    private void EnsureRoom(int size)
    {
        if (Length + size > _data.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, Length + size));
            _data.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = bigger;
        }
    }

    private static void Grow<T>(ref T[] array)
    {
        var bigger = ArrayPool<T>.Shared.Rent(array.Length * 2);
        array.CopyTo(bigger, 0);
        ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }
}
