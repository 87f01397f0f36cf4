using System.Runtime.CompilerServices;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Client.State;

/// <summary>
/// Records on a single-segment stream with optimistic concurrency (Pravega's <c>RevisionedStreamClient</c>): each
/// record has a <see cref="Revision"/> (its offset); <see cref="WriteConditionallyAsync"/> stores a record only if
/// nothing was written since the revision given (a <c>CONDITIONAL_APPEND</c>), so writers that race see exactly one
/// of them win. Records are framed as events, so the stream can also be read as an ordinary one.
/// </summary>
/// <remarks>
/// Errors: a sealed or deleted segment is <see cref="SegmentSealedException"/> / <see cref="SegmentNotFoundException"/>;
/// a store out of reach, <see cref="SegmentStoreUnavailableException"/> after the client's retries. A read that falls
/// behind a truncation is <see cref="SegmentTruncatedException"/>: read again from <see cref="FetchOldestRevisionAsync"/>.
/// </remarks>
public sealed class RevisionedStreamClient<T>
{
    private const int ReadChunk = 256 * 1024;
    private readonly SegmentStoreClient _segments;
    private readonly ISerializer<T> _serializer;
    private readonly Lock _lock = new();
    private long _nextEventNumber;

    /// <summary>A client on <paramref name="segment"/> (the controller writes watermarks through one; applications use <see cref="SynchronizerClientFactory"/>).</summary>
    public RevisionedStreamClient(SegmentStoreClient segments, string segment, ISerializer<T> serializer)
    {
        _segments = segments;
        Segment = segment;
        _serializer = serializer;
    }

    /// <summary>The qualified name of the segment the records live in.</summary>
    public string Segment { get; }

    /// <summary>This client's writer id: conditional writes retried after a lost reply are not stored twice.</summary>
    public Uuid WriterId { get; } = Uuid.NewRandom();

    /// <summary>The revision of the oldest record still stored (where reading from the beginning starts).</summary>
    public async Task<Revision> FetchOldestRevisionAsync(CancellationToken cancellationToken = default)
    {
        var info = await _segments.GetSegmentInfoAsync(Segment, cancellationToken).ConfigureAwait(false);
        return new Revision(Segment, info.StartOffset);
    }

    /// <summary>The revision after the last record: a conditional write at it succeeds if no one writes first.</summary>
    public async Task<Revision> FetchLatestRevisionAsync(CancellationToken cancellationToken = default)
    {
        var info = await _segments.GetSegmentInfoAsync(Segment, cancellationToken).ConfigureAwait(false);
        return new Revision(Segment, info.WriteOffset);
    }

    /// <summary>
    /// The records from <paramref name="start"/> up to the end of the stream as it is when the call starts, each with
    /// its own revision and the revision after it.
    /// </summary>
    public async IAsyncEnumerable<RevisionedRecord<T>> ReadFromAsync(Revision start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var end = (await FetchLatestRevisionAsync(cancellationToken).ConfigureAwait(false)).Offset;
        var offset = start.Offset;
        var pending = Array.Empty<byte>();
        var pendingOffset = offset;
        while (offset < end)
        {
            var read = await _segments.ReadAsync(Segment, offset, (int)Math.Min(ReadChunk, end - offset), cancellationToken).ConfigureAwait(false);
            if (read.Data.IsEmpty)
            {
                throw new InvalidDataException($"'{Segment}' returned no data at {offset} below its length {end}");
            }
            offset += read.Data.Length;
            pending = pending.Length == 0 ? read.Data.ToArray() : [.. pending, .. read.Data.Span];
            var consumed = 0;
            while (EventFraming.TryReadHeader(pending.AsSpan(consumed), pendingOffset + consumed, out var length)
                && pending.Length - consumed - EventFraming.HeaderLength >= length)
            {
                var recordOffset = pendingOffset + consumed;
                var payload = pending.AsMemory(consumed + EventFraming.HeaderLength, length);
                consumed += EventFraming.HeaderLength + length;
                yield return new RevisionedRecord<T>(new Revision(Segment, recordOffset), new Revision(Segment, pendingOffset + consumed), _serializer.Deserialize(payload));
            }
            pending = pending[consumed..];
            pendingOffset += consumed;
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> if the stream ends at <paramref name="latest"/>: the revision after it when
    /// stored, null when someone wrote first (fetch what they wrote and try again).
    /// </summary>
    public async Task<Revision?> WriteConditionallyAsync(Revision latest, T value, CancellationToken cancellationToken = default)
    {
        var data = _serializer.Serialize(value);
        if (data.Length > EventFraming.MaxEventLength)
        {
            throw new ArgumentException($"a record of {data.Length} bytes exceeds the {EventFraming.MaxEventLength}-byte limit", nameof(value));
        }
        long eventNumber;
        lock (_lock)
        {
            eventNumber = ++_nextEventNumber;
        }
        var stored = await _segments.ConditionalAppendAsync(Segment, WriterId, eventNumber, latest.Offset, data, cancellationToken).ConfigureAwait(false);
        return stored ? new Revision(Segment, latest.Offset + EventFraming.HeaderLength + data.Length) : null;
    }

    /// <summary>Stores <paramref name="value"/> after whatever is there; returns the revision after it.</summary>
    public async Task<Revision> WriteUnconditionallyAsync(T value, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var latest = await FetchLatestRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (await WriteConditionallyAsync(latest, value, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return written;
            }
        }
    }

    /// <summary>Drops every record before <paramref name="revision"/> (a <c>TRUNCATE_SEGMENT</c>).</summary>
    public Task TruncateToRevisionAsync(Revision revision, CancellationToken cancellationToken = default) =>
        _segments.TruncateSegmentAsync(Segment, revision.Offset, cancellationToken);
}

/// <summary>A record read from a revisioned stream: where it starts, where the next one starts, and its value.</summary>
public readonly record struct RevisionedRecord<T>(Revision Revision, Revision Next, T Value);
