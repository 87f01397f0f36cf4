using System.Diagnostics.CodeAnalysis;
using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Client.ByteStreams;

/// <summary>
/// Writes raw bytes to the single segment of a stream (Pravega's <c>ByteStreamWriter</c>, reference §1.15), as a
/// write-only <see cref="Stream"/>: no event header, so the segment holds exactly the bytes written, in order.
/// </summary>
/// <remarks>
/// <para>Writes are buffered: <see cref="Write(ReadOnlySpan{byte})"/> copies the bytes into the segment writer's open
/// block and returns; blocks leave as fast as the store acknowledges them. Only <see cref="FlushAsync(CancellationToken)"/>
/// (or disposing, or <see cref="CloseAndSealAsync"/>) promises durability: when it returns, every byte written before
/// it is stored. Delivery is exactly once across reconnections (the <see cref="SegmentWriter"/>'s writer id and
/// numbering).</para>
/// <para>Errors: a sealed segment makes writes and flushes throw <see cref="SegmentSealedException"/>; a store out of
/// reach <see cref="SegmentStoreUnavailableException"/>. The writer is then unusable. Like any
/// <see cref="Stream"/>, one caller at a time.</para>
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Pravega's name, which its users know")]
public sealed class ByteStreamWriter : Stream
{
    /// <summary>A write is split into units of at most this many bytes, so no block exceeds the writer's batch limit.</summary>
    private const int MaxUnitBytes = SegmentWriter.MaxBatchBytes;

    private readonly SingleSegment _segment;
    private readonly SegmentWriter _writer;

    /// <summary>The acknowledgement of the last unit written: units complete in order and a failure fails every
    /// later one, so this task says whether everything written so far is stored.</summary>
    private Task _last = Task.CompletedTask;
    private bool _disposed;

    internal ByteStreamWriter(SingleSegment segment, ClientContext context)
    {
        _segment = segment;
        _writer = new SegmentWriter(segment.Name, context.Controller, context.Config.SegmentStore);
    }

    /// <summary>The segment written, <c>scope/stream/0.#epoch.0</c>.</summary>
    public string SegmentName => _segment.Name;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    /// <summary>Not supported: the tail is the store's to tell (<see cref="FetchTailOffsetAsync"/>).</summary>
    public override long Length => throw new NotSupportedException("a byte stream writer has no length; use FetchTailOffsetAsync");

    /// <summary>Not supported: a writer always appends at the tail (<see cref="FetchTailOffsetAsync"/>).</summary>
    public override long Position
    {
        get => throw new NotSupportedException("a byte stream writer appends at the tail; use FetchTailOffsetAsync");
        set => throw new NotSupportedException("a byte stream writer appends at the tail");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Buffers <paramref name="buffer"/> (blocking only while 16 MiB are unacknowledged: back-pressure).</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            var unit = buffer[..Math.Min(buffer.Length, MaxUnitBytes)];
            if (_writer.TryAppend(unit, 1, framed: true, 0, force: false, out var durable) != AppendOutcome.Appended)
            {
                // Out of room: wait in line like an async write (the copy is the price of waiting with a span).
                durable = _writer.AppendRawAsync(unit.ToArray()).AsTask().GetAwaiter().GetResult();
            }
            _last = durable;
            buffer = buffer[unit.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Buffers <paramref name="buffer"/>; completes once the bytes are taken in (not stored: see
    /// <see cref="FlushAsync(CancellationToken)"/>). Waits only under back-pressure.</summary>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            var unit = buffer[..Math.Min(buffer.Length, MaxUnitBytes)];
            _last = await _writer.AppendRawAsync(unit, cancellationToken).ConfigureAwait(false);
            buffer = buffer[unit.Length..];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Returns when every byte written so far is durable in the store (Pravega's <c>flush</c>); throws what
    /// made a write fail.</summary>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writer.FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _last.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes, seals the segment (readers then reach its end) and closes the writer.</summary>
    public async Task CloseAndSealAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _segment.Segments.SealSegmentAsync(_segment.Name, cancellationToken).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The first offset still stored.</summary>
    public Task<long> FetchHeadOffsetAsync(CancellationToken cancellationToken = default) => _segment.FetchHeadOffsetAsync(cancellationToken);

    /// <summary>The segment's length as the store has it now (bytes still buffered here are not counted: flush first).</summary>
    public Task<long> FetchTailOffsetAsync(CancellationToken cancellationToken = default) => _segment.FetchTailOffsetAsync(cancellationToken);

    /// <summary>
    /// Drops the bytes before <paramref name="offset"/> (Pravega's <c>truncateDataBefore</c>): readers positioned
    /// before it then get <see cref="SegmentTruncatedException"/>. An offset past the tail is an error of the store
    /// (<see cref="SegmentStoreClientException"/>).
    /// </summary>
    public Task TruncateDataBeforeAsync(long offset, CancellationToken cancellationToken = default) =>
        _segment.Segments.TruncateSegmentAsync(_segment.Name, offset, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("a byte stream writer cannot read");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a byte stream writer cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("a byte stream writer cannot change its length");

    /// <summary>Flushes (throwing if bytes could not be stored), then closes the connection.</summary>
    public override async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseAsync().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }

    private async Task CloseAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            await _writer.FlushAsync().ConfigureAwait(false);
            await _last.ConfigureAwait(false);
        }
        finally
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
