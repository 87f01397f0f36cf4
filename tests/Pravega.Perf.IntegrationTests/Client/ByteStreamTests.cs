using Pravega.Perf.Client;
using Pravega.Perf.Client.ByteStreams;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>Byte streams against a real controller and store: raw bytes in, the same bytes out, truncation, seal, tail reads.</summary>
public sealed class ByteStreamTests : IAsyncLifetime
{
    private ControllerHarness _h = null!;
    private ByteStreamClientFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await ControllerHarness.StartAsync();
        await _h.CreateScopeAsync("sc");
        await _h.CreateStreamAsync("sc", "bytes", 1);
        _factory = ByteStreamClientFactory.WithScope("sc", new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{_h.Controller.Address!.Port}") });
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _h.DisposeAsync();
    }

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Uneven_writes_read_back_byte_exact_with_no_event_headers_and_end_at_the_seal()
    {
        var random = new Random(14);
        var sizes = Enumerable.Range(0, 40).Select(_ => Math.Min(1 << 20, (1 << random.Next(0, 21)) + random.Next(0, 64))).Append(1).Append(1 << 20).ToList();
        var data = Pattern(sizes.Sum(), 1);
        await using (var writer = await _factory.CreateByteStreamWriterAsync("bytes", Token))
        {
            var at = 0;
            for (var i = 0; i < sizes.Count; i++)
            {
                // Both the span path (no copy unless under back-pressure) and the async path.
                if (i % 2 == 0)
                {
                    writer.Write(data.AsSpan(at, sizes[i]));
                }
                else
                {
                    await writer.WriteAsync(data.AsMemory(at, sizes[i]), Token);
                }
                at += sizes[i];
            }
            await writer.FlushAsync(Token);
            Assert.Equal(data.Length, await writer.FetchTailOffsetAsync(Token));
            Assert.Equal(0, await writer.FetchHeadOffsetAsync(Token));
            await writer.CloseAndSealAsync(Token);
        }
        await using var reader = await _factory.CreateByteStreamReaderAsync("bytes", Token);
        var copy = new MemoryStream();
        await reader.CopyToAsync(copy, 100_000, Token);   // ends only because the segment is sealed: ReadAsync returned 0
        Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()), $"read back {copy.Length} bytes, wrote {data.Length}: not the same bytes");
        Assert.Equal(data.Length, reader.Position);
        Assert.Equal(0, await reader.ReadAsync(new byte[10], Token));
        Assert.Equal(0, reader.Available);
    }

    [Fact]
    public async Task A_reader_waiting_at_the_tail_returns_bytes_written_after_it_started()
    {
        await using var writer = await _factory.CreateByteStreamWriterAsync("bytes", Token);
        await writer.WriteAsync("before"u8.ToArray(), Token);
        await writer.FlushAsync(Token);
        await using var reader = await _factory.CreateByteStreamReaderAsync("bytes", Token);
        reader.Position = await reader.FetchTailOffsetAsync(Token);
        var buffer = new byte[64];
        var read = reader.ReadAsync(buffer, Token).AsTask();
        await Task.Delay(300, Token);
        Assert.False(read.IsCompleted, "a read at the tail returned before anything was written");
        await writer.WriteAsync("after"u8.ToArray(), Token);
        await writer.FlushAsync(Token);
        var count = await read.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.Equal("after", System.Text.Encoding.ASCII.GetString(buffer, 0, count));
        Assert.Equal(11, reader.Position);
    }

    [Fact]
    public async Task Reading_before_the_head_after_truncation_throws_and_seek_and_skip_stay_within_the_segment()
    {
        var data = Pattern(1000, 2);
        await using var writer = await _factory.CreateByteStreamWriterAsync("bytes", Token);
        await writer.WriteAsync(data, Token);
        await writer.FlushAsync(Token);
        await writer.TruncateDataBeforeAsync(400, Token);
        Assert.Equal(400, await writer.FetchHeadOffsetAsync(Token));
        Assert.Equal(1000, await writer.FetchTailOffsetAsync(Token));

        await using var reader = await _factory.CreateByteStreamReaderAsync("bytes", Token);
        Assert.Equal(400, reader.Position);   // a new reader starts at the head
        reader.Seek(10, SeekOrigin.Begin);
        var truncated = await Assert.ThrowsAsync<SegmentTruncatedException>(async () => await reader.ReadExactlyAsync(new byte[10], Token));
        Assert.Equal(400, truncated.StartOffset);
        Assert.Equal(10, reader.Position);   // the failed read moved nothing

        reader.Position = 400;
        var buffer = new byte[600];
        await reader.ReadExactlyAsync(buffer, Token);
        Assert.True(data.AsSpan(400).SequenceEqual(buffer), "the bytes after the head differ from those written");

        reader.Seek(-100, SeekOrigin.End);
        Assert.Equal(data[900], reader.ReadByte());
        Assert.Equal(99, await reader.SkipAsync(10_000, Token));   // skip stops at the tail
        Assert.Equal(1000, reader.Position);
    }

    [Fact]
    public async Task A_sealed_segment_ends_reads_with_zero_and_refuses_more_writes()
    {
        await using (var writer = await _factory.CreateByteStreamWriterAsync("bytes", Token))
        {
            await writer.WriteAsync(new byte[] { 1, 2, 3 }, Token);
            await writer.CloseAndSealAsync(Token);
        }
        await using var reader = await _factory.CreateByteStreamReaderAsync("bytes", Token);
        var buffer = new byte[10];
        Assert.Equal(3, await reader.ReadAsync(buffer, Token));
        Assert.Equal(0, await reader.ReadAsync(buffer, Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Token));

        var late = await _factory.CreateByteStreamWriterAsync("bytes", Token);
        await late.WriteAsync(new byte[] { 4 }, Token);
        await Assert.ThrowsAsync<SegmentSealedException>(() => late.FlushAsync(Token));
        await Assert.ThrowsAsync<SegmentSealedException>(async () => await late.DisposeAsync());
    }

    [Fact]
    public async Task A_stream_of_two_segments_is_refused_by_writers_and_readers()
    {
        await _h.CreateStreamAsync("sc", "two", 2);
        var writer = await Assert.ThrowsAsync<InvalidOperationException>(() => _factory.CreateByteStreamWriterAsync("two", Token));
        Assert.Contains("exactly one segment", writer.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _factory.CreateByteStreamReaderAsync("two", Token));
    }
}
