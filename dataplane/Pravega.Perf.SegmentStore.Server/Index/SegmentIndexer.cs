using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;

namespace Pravega.Perf.SegmentStore.Server.Index;

/// <summary>
/// Keeps the <c>&lt;segment&gt;#index</c> segments of user stream segments (reference §2.4 item 10): after appends
/// it adds an <see cref="IndexEntry"/> (segment length, event count, time), and answers <c>LocateOffset</c> from it.
/// </summary>
/// <remarks>
/// Updates are coalesced without a timer: an append marks its segment dirty, and one background loop writes one
/// entry per dirty segment at its own pace, so a burst of appends that arrives while an index write is in flight
/// costs a single entry. The index is a best-effort aid (as in Pravega): a failed index write is logged, not
/// reported to the writer.
/// </remarks>
internal sealed class SegmentIndexer : IAsyncDisposable
{
    private readonly ISegmentStore _store;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IndexState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _knownIndexSegments = new(StringComparer.Ordinal);
    private readonly Channel<IndexState> _dirty = Channel.CreateUnbounded<IndexState>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly byte[] _entryBuffer = new byte[IndexEntry.Size];
    private readonly Func<string, IndexState> _createState;
    private Task _loop = Task.CompletedTask;

    public SegmentIndexer(ISegmentStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _createState = static segment => new IndexState(segment);
    }

    public void Start() => _loop = Task.Run(WriteLoopAsync);

    /// <summary>Notes that <paramref name="segment"/> grew; allocation-free once the segment is known.</summary>
    public void NoteAppended(string segment)
    {
        var state = _states.GetOrAdd(segment, _createState);
        if (Interlocked.Exchange(ref state.Dirty, 1) == 0)
        {
            _dirty.Writer.TryWrite(state);
        }
    }

    /// <summary>Creates the index segment of a user stream segment unless it exists.</summary>
    public async Task EnsureIndexSegmentAsync(string segment)
    {
        var index = NameUtils.GetIndexSegmentName(segment);
        if (_knownIndexSegments.ContainsKey(index))
        {
            return;
        }
        try
        {
            await _store.CreateSegmentAsync(index, SegmentType.Internal, []).ConfigureAwait(false);
        }
        catch (StreamSegmentExistsException)
        {
            // Created earlier (by another connection or before a restart).
        }
        _knownIndexSegments.TryAdd(index, 0);
    }

    public async Task DeleteIndexSegmentAsync(string segment)
    {
        _states.TryRemove(segment, out _);
        if (!NameUtils.IsUserStreamSegment(segment))
        {
            return;
        }
        var index = NameUtils.GetIndexSegmentName(segment);
        _knownIndexSegments.TryRemove(index, out _);
        try
        {
            await _store.DeleteAsync(index).ConfigureAwait(false);
        }
        catch (StreamSegmentNotExistsException)
        {
            // Never had one.
        }
    }

    /// <summary>Drops the entries that point below <paramref name="offset"/> (the index is truncated with its segment).</summary>
    public async Task TruncateIndexSegmentAsync(string segment, long offset)
    {
        if (!NameUtils.IsUserStreamSegment(segment))
        {
            return;
        }
        var index = NameUtils.GetIndexSegmentName(segment);
        try
        {
            var (start, count) = await GetEntryRangeAsync(index).ConfigureAwait(false);
            var first = await FindFirstAtOrAfterAsync(index, start, count, offset).ConfigureAwait(false);
            if (first > 0)
            {
                await _store.TruncateAsync(index, start + (first * IndexEntry.Size)).ConfigureAwait(false);
            }
        }
        catch (StreamSegmentNotExistsException e)
        {
            ServerLog.IndexUpdateFailed(_logger, e, segment);
        }
    }

    /// <summary>
    /// LocateOffset: the offset of the first indexed event boundary at or after <paramref name="targetOffset"/>; the
    /// segment's current length if no entry is that far (the tail is a boundary too).
    /// </summary>
    /// <exception cref="StreamSegmentNotExistsException">The segment does not exist.</exception>
    public async Task<long> LocateOffsetAsync(string segment, long targetOffset)
    {
        var info = await _store.GetSegmentInfoAsync(segment).ConfigureAwait(false);
        var index = NameUtils.GetIndexSegmentName(segment);
        long start;
        long count;
        try
        {
            (start, count) = await GetEntryRangeAsync(index).ConfigureAwait(false);
        }
        catch (StreamSegmentNotExistsException)
        {
            return info.Length;
        }
        var first = await FindFirstAtOrAfterAsync(index, start, count, targetOffset).ConfigureAwait(false);
        if (first == count)
        {
            return info.Length;
        }
        var entry = await ReadEntryAsync(index, start + (first * IndexEntry.Size)).ConfigureAwait(false);
        return entry.Offset;
    }

    /// <summary>Writes the entries still pending, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _dirty.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task<(long Start, long Count)> GetEntryRangeAsync(string index)
    {
        var info = await _store.GetSegmentInfoAsync(index).ConfigureAwait(false);
        // Entries are written whole and truncation cuts at entry boundaries, so both ends are multiples of 24.
        return (info.StartOffset, (info.Length - info.StartOffset) / IndexEntry.Size);
    }

    /// <summary>Binary search over the entries: index of the first whose offset is at least <paramref name="target"/>.</summary>
    private async Task<long> FindFirstAtOrAfterAsync(string index, long start, long count, long target)
    {
        long low = 0;
        var high = count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var entry = await ReadEntryAsync(index, start + (middle * IndexEntry.Size)).ConfigureAwait(false);
            if (entry.Offset < target)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private async Task<IndexEntry> ReadEntryAsync(string index, long position)
    {
        var bytes = new byte[IndexEntry.Size];
        var filled = 0;
        while (filled < IndexEntry.Size)
        {
            // The position lies below the length, so this never becomes a tail wait.
            using var result = await _store.ReadAsync(index, position + filled, IndexEntry.Size - filled).ConfigureAwait(false);
            if (result.Length == 0)
            {
                throw new InvalidOperationException($"index segment '{index}' ended inside an entry at {position}");
            }
            result.Data.Span[..Math.Min(result.Length, IndexEntry.Size - filled)].CopyTo(bytes.AsSpan(filled));
            filled += result.Length;
        }
        return IndexEntry.Read(bytes);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _dirty.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var state))
            {
                Volatile.Write(ref state.Dirty, 0);
                try
                {
                    await WriteEntryAsync(state).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SegmentStoreException or InvalidOperationException)
                {
                    ServerLog.IndexUpdateFailed(_logger, e, state.Segment);
                }
            }
        }
    }

    private async Task WriteEntryAsync(IndexState state)
    {
        var info = await _store.GetSegmentInfoAsync(state.Segment).ConfigureAwait(false);
        if (info.Length <= state.LastIndexedLength)
        {
            return;
        }
        var eventCount = info.Attributes.TryGetValue(SegmentAttributes.EventCount, out var count) ? count : 0;
        new IndexEntry(info.Length, eventCount, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).WriteTo(_entryBuffer);
        var index = NameUtils.GetIndexSegmentName(state.Segment);
        // The store copies the bytes before AppendAsync returns, so one buffer serves every entry.
        await _store.AppendAsync(index, new AppendData(_entryBuffer), WriterUpdate.None, -1).ConfigureAwait(false);
        state.LastIndexedLength = info.Length;
    }

    private sealed class IndexState
    {
        public IndexState(string segment)
        {
            Segment = segment;
        }

        public string Segment { get; }

        public long LastIndexedLength { get; set; }

        public int Dirty;
    }
}
