using Pravega.Perf.LoadHarness.Drivers;
using Pravega.Perf.LoadHarness.Drivers.Nats;
using Pravega.Perf.LoadHarness.Drivers.Redis;

namespace Pravega.Perf.LoadHarness.Peers.Tests;

/// <summary>
/// Each peer driver writes 1,000 keyed events to a real server started by bench/peers and reads them back with two
/// consumers sharing the topic: the same (key, payload) pairs, each read once, each key's events in send order.
/// </summary>
public sealed class PeerDriverRoundTripTests
{
    private const int Events = 1000;
    private const int Keys = 10;
    private const int Partitions = 4;
    private const int Consumers = 2;

    [Fact]
    public async Task Nats_driver_reads_back_what_it_wrote()
    {
        await using var server = await PeerServer.StartAsync("nats");
        Assert.Contains("sync_interval", server.Durability);
        await using var driver = new NatsDriver($"nats://127.0.0.1:{server.Port}");
        Assert.Equal("nats", driver.Name);
        Assert.Contains("sync_interval default", driver.Durability);
        await RoundTripAsync(driver);
    }

    [Fact]
    public async Task Redis_driver_reads_back_what_it_wrote()
    {
        await using var server = await PeerServer.StartAsync("redis");
        Assert.Equal("Redis AOF appendfsync always", server.Durability);
        await using var driver = new RedisDriver($"127.0.0.1:{server.Port}");
        Assert.Equal("redis", driver.Name);
        // Read from the server with CONFIG GET, so it matches what the script configured.
        Assert.StartsWith("Redis AOF appendfsync always", driver.Durability);
        await RoundTripAsync(driver);
    }

    private static async Task RoundTripAsync(ILoadDriver driver)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var token = timeout.Token;
        var topic = "roundtrip" + Guid.NewGuid().ToString("N")[..8];
        await driver.CreateTopicAsync(topic, Partitions, token);

        var sent = new List<(string Key, byte[] Payload)>();
        await using (var producer = await driver.CreateProducerAsync(topic, 0, token))
        {
            var acks = new List<Task>();
            var buffer = new byte[300];
            for (var i = 0; i < Events; i++)
            {
                var key = $"key-{i % Keys}";
                // Payloads of varying length whose bytes name the event; the buffer is reused, as the harness does.
                var length = 1 + (i * 37 % buffer.Length);
                for (var b = 0; b < length; b++)
                {
                    buffer[b] = (byte)(i + b * 7);
                }
                sent.Add((key, buffer.AsSpan(0, length).ToArray()));
                acks.Add(await producer.SendAsync(key, buffer.AsMemory(0, length), token));
            }
            await producer.FlushAsync(token);
            await Task.WhenAll(acks);
            Assert.All(acks, ack => Assert.True(ack.IsCompletedSuccessfully));
        }

        var consumers = new List<ILoadConsumer>();
        for (var c = 0; c < Consumers; c++)
        {
            consumers.Add(await driver.CreateConsumerAsync(topic, c, Consumers, token));
        }
        var read = new List<(string Key, byte[] Payload)>();
        var readBy = new Dictionary<string, int>();
        while (read.Count < Events)
        {

            for (var c = 0; c < Consumers; c++)
            {
                if (await consumers[c].ReceiveAsync(token) is { } consumed)
                {
                    read.Add((consumed.Key, consumed.Payload.ToArray()));
                    // A key's partition has one reader: a key seen by two consumers would break its order.
                    Assert.Equal(readBy.GetValueOrDefault(consumed.Key, c), c);
                    readBy[consumed.Key] = c;

                }
            }
            token.ThrowIfCancellationRequested();
        }
        foreach (var consumer in consumers)
        {
            // Nothing beyond the 1,000: an empty poll answers null.
            Assert.Null(await consumer.ReceiveAsync(token));
            await consumer.DisposeAsync();
        }

        Assert.Equal(Events, read.Count);
        foreach (var key in sent.Select(e => e.Key).Distinct())
        {
            var expected = sent.Where(e => e.Key == key).Select(e => Convert.ToHexString(e.Payload)).ToList();
            var actual = read.Where(e => e.Key == key).Select(e => Convert.ToHexString(e.Payload)).ToList();
            Assert.Equal(expected, actual);
        }
        Assert.Equal(2, readBy.Values.Distinct().Count());

        await driver.DeleteTopicAsync(topic, token);
    }
}
