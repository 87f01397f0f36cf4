using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Client.State;

/// <summary>
/// A state shared by many processes through a revisioned stream (Pravega's <c>StateSynchronizer</c>): every record is
/// a whole state, each written conditionally on the one before it, so the stream is a linear history and its last
/// record is the current state. <see cref="UpdateStateAsync"/> is an optimistic loop: compute the next state from the
/// latest one, write it if nothing came in between, otherwise fetch what came and compute again. Old records are
/// truncated away once more than <see cref="CompactionThreshold"/> bytes lie before the latest.
/// </summary>
/// <remarks>Whole-state records keep recovery trivial (read the last record) at the price of writing the whole state
/// on each update: meant for small states such as a reader group's (a few KiB).</remarks>
public sealed class StateSynchronizer<T> : IDisposable
    where T : class
{
    private readonly RevisionedStreamClient<T> _client;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Revision? _revision;
    private long _oldest;

    /// <summary>A synchronizer over the records of <paramref name="client"/>.</summary>
    public StateSynchronizer(RevisionedStreamClient<T> client)
    {
        _client = client;
    }

    /// <summary>Bytes of history kept before the latest record before they are truncated.</summary>
    public long CompactionThreshold { get; init; } = 256 * 1024;

    /// <summary>The state as of the last fetch or update (null before the stream is initialized or fetched).</summary>
    public T? State { get; private set; }

    /// <summary>The revision after the record <see cref="State"/> came from.</summary>
    public Revision? Revision => _revision;

    /// <summary>Writes <paramref name="initial"/> if the stream holds no state yet: true if it did, false if a state was
    /// there (which is then fetched into <see cref="State"/>).</summary>
    public async Task<bool> InitializeAsync(T initial, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var oldest = await _client.FetchOldestRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (oldest.Offset == 0 && await _client.WriteConditionallyAsync(oldest, initial, cancellationToken).ConfigureAwait(false) is { } written)
            {
                State = initial;
                _revision = written;
                return true;
            }
            await FetchLockedAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings <see cref="State"/> up to the latest record.</summary>
    public async Task FetchUpdatesAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FetchLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Replaces the state with what <paramref name="update"/> makes of the latest one (returning null means "no change").
    /// <paramref name="update"/> may run several times (once per conflicting writer) and must not mutate its argument.
    /// Returns the state in force afterwards.
    /// </summary>
    public async Task<T> UpdateStateAsync(Func<T, T?> update, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_revision is null)
            {
                await FetchLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            while (true)
            {
                var current = State ?? throw new StateNotInitializedException(_client.Segment);
                var next = update(current);
                if (next is null)
                {
                    return current;
                }
                var at = _revision!.Value;
                if (await _client.WriteConditionallyAsync(at, next, cancellationToken).ConfigureAwait(false) is { } written)
                {
                    State = next;
                    _revision = written;
                    await CompactIfDueAsync(at, cancellationToken).ConfigureAwait(false);
                    return next;
                }
                await FetchLockedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FetchLockedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var from = _revision ?? await _client.FetchOldestRevisionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await foreach (var record in _client.ReadFromAsync(from, cancellationToken).ConfigureAwait(false))
                {
                    State = record.Value;
                    _revision = record.Next;
                }
                _revision ??= from;
                return;
            }
            catch (SegmentTruncatedException)
            {
                // Compacted past our revision by another member: the oldest record left is a whole state.
                _revision = null;
            }
        }
    }

    /// <summary>Truncates at the record just written (<paramref name="latestStart"/>) once enough history lies before it.</summary>
    private async Task CompactIfDueAsync(Revision latestStart, CancellationToken cancellationToken)
    {
        if (latestStart.Offset - _oldest < CompactionThreshold)
        {
            return;
        }
        _oldest = (await _client.FetchOldestRevisionAsync(cancellationToken).ConfigureAwait(false)).Offset;
        if (latestStart.Offset - _oldest >= CompactionThreshold)
        {
            await _client.TruncateToRevisionAsync(latestStart, cancellationToken).ConfigureAwait(false);
            _oldest = latestStart.Offset;
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>The stream holds no state yet: <see cref="StateSynchronizer{T}.InitializeAsync"/> it first.</summary>
public sealed class StateNotInitializedException(string segment)
    : InvalidOperationException($"'{segment}' holds no state: initialize it first");
