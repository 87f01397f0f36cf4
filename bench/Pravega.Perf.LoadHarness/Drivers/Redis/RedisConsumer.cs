using StackExchange.Redis;

namespace Pravega.Perf.LoadHarness.Drivers.Redis;

/// <summary>
/// XREADs the stream keys one harness consumer owns, from the beginning, in batches. StackExchange.Redis has no
/// blocking XREAD (a multiplexed connection cannot block), so an empty read is retried every few milliseconds until
/// the contract's ~100 ms poll is over.
/// </summary>
internal sealed class RedisConsumer : ILoadConsumer
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(2);
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly StreamPosition[] _positions;
    private readonly int _readCount;
    private readonly Queue<ConsumedEvent> _batch = new();

    public RedisConsumer(ConnectionMultiplexer connection, RedisKey[] keys, int readCount)
    {
        _connection = connection;
        _database = connection.GetDatabase();
        _positions = keys.Select(key => new StreamPosition(key, "0-0")).ToArray();
        _readCount = readCount;
    }

    public async ValueTask<ConsumedEvent?> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_batch.TryDequeue(out var next))
        {
            return next;
        }
        if (_positions.Length == 0)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            return null;
        }
        var deadline = DateTime.UtcNow + Poll;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var streams = await _database.StreamReadAsync(_positions, _readCount).ConfigureAwait(false);
            foreach (var stream in streams)
            {
                if (stream.Entries.Length == 0)
                {
                    continue;
                }
                var at = Array.FindIndex(_positions, p => p.Key == stream.Key);
                _positions[at] = new StreamPosition(stream.Key, stream.Entries[^1].Id);
                foreach (var entry in stream.Entries)
                {
                    _batch.Enqueue(new ConsumedEvent((string?)entry["k"] ?? "", (byte[]?)entry["v"] ?? []));
                }
            }
            if (_batch.TryDequeue(out next))
            {
                return next;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }
            await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
