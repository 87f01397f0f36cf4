using System.Runtime.CompilerServices;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Proto = Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Batch;

/// <summary>
/// Reads a stream segment by segment, without a reader group (Pravega's <c>BatchClientFactory</c>, reference §1.18):
/// <see cref="ListSegmentsAsync"/> gives the ranges of every segment between two stream cuts, and
/// <see cref="ReadSegmentAsync"/> the events of one range. The ranges share no state, so a job can hand them to as
/// many parallel readers as it likes; together they hold exactly the events between the cuts. Events of one segment
/// come in order; there is no order across segments.
/// </summary>
public sealed class BatchClientFactory : ScopedClientFactory
{
    private BatchClientFactory(string scope, ClientConfig config)
        : base(scope, config)
    {
    }

    public static BatchClientFactory WithScope(string scope, ClientConfig config) => new(scope, config);

    /// <summary>
    /// The range of every segment with data between <paramref name="from"/> and <paramref name="to"/> (null or
    /// unbounded: the stream's head, its tail), ordered by segment id. A segment named in a cut starts (or ends) at
    /// the cut's offset; any other starts at its first stored byte and ends at its length now. The controller finds
    /// the segments (<c>getSegmentsBetween</c>); a cut that is not a cut of <paramref name="stream"/> is
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public async Task<IReadOnlyList<SegmentRange>> ListSegmentsAsync(ScopedStream stream, StreamCut? from = null, StreamCut? to = null,
        CancellationToken cancellationToken = default)
    {
        from ??= StreamCut.Unbounded(stream);
        to ??= StreamCut.Unbounded(stream);
        if (from.Stream != stream || to.Stream != stream)
        {
            throw new ArgumentException($"the stream cuts must be cuts of '{stream}'");
        }
        var request = new Proto.StreamCutRange { StreamInfo = ProtoConvert.Info(stream) };
        foreach (var (segment, offset) in from.Positions)
        {
            request.From[segment.SegmentId] = offset;
        }
        foreach (var (segment, offset) in to.Positions)
        {
            request.To[segment.SegmentId] = offset;
        }
        var between = await Context.Controller.CallAsync((c, o) => c.getSegmentsBetweenAsync(request, o), cancellationToken).ConfigureAwait(false);
        var ranges = between.Segments.Select(s => RangeOfAsync(new Segment(stream, s.SegmentId_), from, to, cancellationToken));
        return [.. (await Task.WhenAll(ranges).ConfigureAwait(false)).OrderBy(r => r.Segment.SegmentId)];
    }

    /// <summary>
    /// The events of <paramref name="range"/>, in order, made by <paramref name="deserializer"/>. Bytes come in large
    /// reads, one ahead of the events handed out. Data of the range truncated meanwhile is
    /// <see cref="SegmentTruncatedException"/> (nothing is skipped silently).
    /// </summary>
    public async IAsyncEnumerable<T> ReadSegmentAsync<T>(SegmentRange range, ISerializer<T> deserializer,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var input = new SegmentInput(Context.Segments, range.Segment.QualifiedName, range.StartOffset, range.EndOffset);
        while (!input.IsFinished)
        {
            var before = input.Offset;
            input.Fill();
            if (input.Offset != before)
            {
                // SegmentInput moves past truncated data (what a reader group wants); a batch job asked for this range.
                throw new SegmentTruncatedException(range.Segment.QualifiedName, input.Offset);
            }
            if (input.TryTakeEvent(out var payload, out _))
            {
                yield return deserializer.Deserialize(payload);
                continue;
            }
            if (input.Outstanding is not { } read)
            {
                if (input.IsFinished)
                {
                    break;
                }
                throw new InvalidDataException($"'{range.Segment}': no whole event at offset {input.Offset} and nothing more to read (an event larger than the read buffer, or a segment ending inside one)");
            }
            await read.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<SegmentRange> RangeOfAsync(Segment segment, StreamCut from, StreamCut to, CancellationToken cancellationToken)
    {
        if (from.Positions.TryGetValue(segment, out var start) && to.Positions.TryGetValue(segment, out var end))
        {
            return new SegmentRange(segment, start, end);
        }
        var info = await Context.Segments.GetSegmentInfoAsync(segment.QualifiedName, cancellationToken).ConfigureAwait(false);
        return new SegmentRange(segment,
            from.Positions.TryGetValue(segment, out start) ? start : info.StartOffset,
            to.Positions.TryGetValue(segment, out end) ? end : info.WriteOffset);
    }
}
