using System.Buffers;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Client.Segments;

public sealed partial class SegmentStoreClient
{
    /// <summary>
    /// Appends one event to <paramref name="segment"/> only if the segment's length is <paramref name="expectedOffset"/>
    /// (<c>CONDITIONAL_APPEND</c>, what Pravega's revisioned stream client sends): true when stored, false when the
    /// length differed. <paramref name="writerId"/> and <paramref name="eventNumber"/> (strictly increasing per writer)
    /// make a retry after a lost reply safe: the store's <c>AppendSetup</c> says whether that event number is already
    /// stored, and then the append is not sent again.
    /// </summary>
    /// <remarks>
    /// A writer id always travels on the same connection of the pool: the store checks each append's event number
    /// against the last one that connection's session submitted for the writer, so a writer spread over several
    /// connections would see its own earlier appends as conflicts (<c>InvalidEventNumber</c>).
    /// </remarks>
    public async Task<bool> ConditionalAppendAsync(string segment, Uuid writerId, long eventNumber, long expectedOffset, ReadOnlyMemory<byte> data,
        CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync(segment, async (connection, token) =>
        {
            if (!connection.SetUpWriters.TryGetValue(writerId, out var setUpFor) || setUpFor != segment)
            {
                var setupId = connection.NextRequestId();
                var setup = await connection.SendAsync(new SetupAppend(setupId, writerId, segment, Token), setupId, _options.RequestTimeout, token).ConfigureAwait(false);
                if (setup.Command is not AppendSetup appendSetup)
                {
                    return setup;
                }
                connection.SetUpWriters[writerId] = segment;
                if (appendSetup.LastEventNumber >= eventNumber)
                {
                    // Stored by an earlier attempt whose reply was lost: answer as the store did then.
                    return new Reply(DataAppended.CommandType, new DataAppended(writerId, eventNumber, appendSetup.LastEventNumber, setupId, -1));
                }
            }
            var requestId = connection.NextRequestId();
            var append = new ConditionalAppend(writerId, eventNumber, expectedOffset, new ReadOnlySequence<byte>(data), requestId);
            var outcome = default(Reply);
            try
            {
                outcome = await connection.SendAsync(append, requestId, _options.RequestTimeout, token).ConfigureAwait(false);
                return outcome;
            }
            finally
            {
                if (outcome.Command is not (DataAppended or ConditionalCheckFailed))
                {
                    // The store drops a writer's appends after an error reply until it is set up again; after a
                    // cancelled or lost request we do not know which it was. Set up again next time.
                    connection.SetUpWriters.TryRemove(writerId, out _);
                }
            }
        }, cancellationToken, slot: writerId.GetHashCode() & int.MaxValue).ConfigureAwait(false);
        return reply.Command switch
        {
            DataAppended => true,
            ConditionalCheckFailed => false,
            _ => throw Unexpected(segment, reply),
        };
    }
}
