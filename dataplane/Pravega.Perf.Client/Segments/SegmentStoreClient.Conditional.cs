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
            return await connection.SendAsync(append, requestId, _options.RequestTimeout, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return reply.Command switch
        {
            DataAppended => true,
            ConditionalCheckFailed => false,
            _ => throw Unexpected(segment, reply),
        };
    }
}
