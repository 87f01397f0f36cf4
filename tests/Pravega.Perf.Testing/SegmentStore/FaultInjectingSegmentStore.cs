using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Reading;

namespace Pravega.Perf.Testing.SegmentStore;

/// <summary>
/// Wraps an <see cref="ISegmentStore"/> to simulate a crash of its caller between two store calls: once
/// <see cref="CrashWhen"/> matches a mutating call, that call and every mutating call after it throw
/// <see cref="InjectedCrashException"/> without reaching the inner store, so the inner store holds exactly what was
/// done before the crash point (as after a kill -9 of a process that had made those calls). Reads keep working.
/// Also records every mutating call, for tests that look at what a component did.
/// </summary>
public sealed class FaultInjectingSegmentStore : ISegmentStore
{
    private readonly ISegmentStore _inner;
    private readonly Lock _lock = new();
    private readonly List<StoreCall> _calls = [];
    private bool _crashed;

    public FaultInjectingSegmentStore(ISegmentStore inner)
    {
        _inner = inner;
    }

    /// <summary>The first mutating call for which this returns true, and every one after, fail; null = never.</summary>
    public Func<StoreCall, bool>? CrashWhen { get; set; }

    /// <summary>True once the crash point was reached.</summary>
    public bool Crashed
    {
        get
        {
            lock (_lock)
            {
                return _crashed;
            }
        }
    }

    /// <summary>The mutating calls that reached the inner store, in order.</summary>
    public IReadOnlyList<StoreCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public int GetContainerId(string segmentName) => _inner.GetContainerId(segmentName);

    public bool AppendsThrottled => _inner.AppendsThrottled;

    public ValueTask WaitForAppendRoomAsync(CancellationToken cancellationToken = default) =>
        _inner.WaitForAppendRoomAsync(cancellationToken);

    public ValueTask<long> AppendAsync(string segmentName, in AppendData data, in WriterUpdate writer, long expectedOffset,
        CancellationToken cancellationToken = default)
    {
        Admit("Append", segmentName);
        return _inner.AppendAsync(segmentName, data, writer, expectedOffset, cancellationToken);
    }

    public Task CreateSegmentAsync(string segmentName, SegmentType type, IReadOnlyCollection<AttributeUpdate> attributes,
        CancellationToken cancellationToken = default)
    {
        Admit("CreateSegment", segmentName);
        return _inner.CreateSegmentAsync(segmentName, type, attributes, cancellationToken);
    }

    public Task<string> CreateTransientSegmentAsync(string parentSegmentName, Uuid writerId, CancellationToken cancellationToken = default)
    {
        Admit("CreateTransientSegment", parentSegmentName);
        return _inner.CreateTransientSegmentAsync(parentSegmentName, writerId, cancellationToken);
    }

    public Task<SegmentProperties> GetSegmentInfoAsync(string segmentName, CancellationToken cancellationToken = default) =>
        _inner.GetSegmentInfoAsync(segmentName, cancellationToken);

    public Task<long> SealAsync(string segmentName, CancellationToken cancellationToken = default)
    {
        Admit("Seal", segmentName);
        return _inner.SealAsync(segmentName, cancellationToken);
    }

    public Task TruncateAsync(string segmentName, long offset, CancellationToken cancellationToken = default)
    {
        Admit("Truncate", segmentName);
        return _inner.TruncateAsync(segmentName, offset, cancellationToken);
    }

    public Task DeleteAsync(string segmentName, CancellationToken cancellationToken = default)
    {
        Admit("Delete", segmentName);
        return _inner.DeleteAsync(segmentName, cancellationToken);
    }

    public Task<long> MergeAsync(string targetSegmentName, string sourceSegmentName,
        IReadOnlyCollection<AttributeUpdate> targetAttributeUpdates, CancellationToken cancellationToken = default)
    {
        Admit("Merge", targetSegmentName);
        return _inner.MergeAsync(targetSegmentName, sourceSegmentName, targetAttributeUpdates, cancellationToken);
    }

    public Task<IReadOnlyDictionary<Uuid, long>> GetAttributesAsync(string segmentName, IReadOnlyCollection<Uuid> attributeIds,
        CancellationToken cancellationToken = default) =>
        _inner.GetAttributesAsync(segmentName, attributeIds, cancellationToken);

    public ValueTask<long> GetAttributeAsync(string segmentName, Uuid attributeId, CancellationToken cancellationToken = default) =>
        _inner.GetAttributeAsync(segmentName, attributeId, cancellationToken);

    public Task UpdateAttributesAsync(string segmentName, IReadOnlyCollection<AttributeUpdate> updates,
        CancellationToken cancellationToken = default)
    {
        Admit("UpdateAttributes", segmentName);
        return _inner.UpdateAttributesAsync(segmentName, updates, cancellationToken);
    }

    public ValueTask<SegmentReadResult> ReadAsync(string segmentName, long offset, int maxLength,
        CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(segmentName, offset, maxLength, cancellationToken);

    /// <summary>Does not dispose the inner store (the test owns it).</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Admit(string operation, string segment)
    {
        var call = new StoreCall(operation, segment);
        lock (_lock)
        {
            if (!_crashed && CrashWhen?.Invoke(call) == true)
            {
                _crashed = true;
            }
            if (_crashed)
            {
                throw new InjectedCrashException($"injected crash at {operation} on '{segment}'");
            }
            _calls.Add(call);
        }
    }
}
