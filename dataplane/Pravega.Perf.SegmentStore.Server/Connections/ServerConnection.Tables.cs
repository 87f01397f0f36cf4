using System.Buffers;
using Pravega.Perf.SegmentStore.Contracts.Tables;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;
using ContractEntry = Pravega.Perf.SegmentStore.Contracts.Tables.TableEntry;
using ContractKey = Pravega.Perf.SegmentStore.Contracts.Tables.TableKey;
using WireEntry = Pravega.Perf.Wire.Commands.TableEntry;
using WireKey = Pravega.Perf.Wire.Commands.TableKey;

namespace Pravega.Perf.SegmentStore.Server.Connections;

// Table-segment commands (codes 68–88) → ITableStore (reference §2.3, §2.6, §4.7). Each request is handled before the
// read loop moves past its frame, so keys and values are used as slices of the input buffer (copied only when a
// slice spans buffer segments); the store copies what it keeps.
internal sealed partial class ServerConnection
{
    /// <summary>ERROR_MESSAGE's <c>ILLEGAL_ARGUMENT_EXCEPTION</c> code.</summary>
    private const int IllegalArgumentErrorCode = 0;

    private async ValueTask CreateTableSegmentAsync(CreateTableSegment request)
    {
        var segment = request.Segment.ToString();
        try
        {
            await _tables.CreateAsync(segment, new TableSegmentConfig(request.KeyLength, request.RolloverSizeBytes)).ConfigureAwait(false);
            await SendAsync(new SegmentCreated(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "createTableSegment", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask DeleteTableSegmentAsync(DeleteTableSegment request)
    {
        var segment = request.Segment.ToString();
        try
        {
            await _tables.DeleteAsync(segment, request.MustBeEmpty).ConfigureAwait(false);
            await SendAsync(new SegmentDeleted(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "deleteTableSegment", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask UpdateTableEntriesAsync(UpdateTableEntries request)
    {
        var segment = request.Segment.ToString();
        try
        {
            var wire = request.Entries;
            var entries = new ContractEntry[wire.Length];
            for (var i = 0; i < wire.Length; i++)
            {
                entries[i] = new ContractEntry(new ContractKey(Memory(wire[i].Key.Data), wire[i].Key.KeyVersion), Memory(wire[i].Value));
            }
            var versions = await _tables.UpdateAsync(segment, entries, request.TableSegmentOffset).ConfigureAwait(false);
            await SendAsync(new TableEntriesUpdated(request.RequestId, versions)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "updateTableEntries", request.RequestId, segment, request.TableSegmentOffset).ConfigureAwait(false);
        }
    }

    private async ValueTask RemoveTableKeysAsync(RemoveTableKeys request)
    {
        var segment = request.Segment.ToString();
        try
        {
            var wire = request.Keys;
            var keys = new ContractKey[wire.Length];
            for (var i = 0; i < wire.Length; i++)
            {
                keys[i] = new ContractKey(Memory(wire[i].Data), wire[i].KeyVersion);
            }
            await _tables.RemoveAsync(segment, keys, request.TableSegmentOffset).ConfigureAwait(false);
            await SendAsync(new TableKeysRemoved(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "removeTableKeys", request.RequestId, segment, request.TableSegmentOffset).ConfigureAwait(false);
        }
    }

    private async ValueTask ReadTableAsync(ReadTable request)
    {
        var segment = request.Segment.ToString();
        try
        {
            var wire = request.Keys;
            var keys = new ReadOnlyMemory<byte>[wire.Length];
            for (var i = 0; i < wire.Length; i++)
            {
                keys[i] = Memory(wire[i].Data);
            }
            var found = await _tables.GetAsync(segment, keys).ConfigureAwait(false);
            var entries = new WireEntry[found.Length];
            for (var i = 0; i < found.Length; i++)
            {
                // A missing key comes back as itself with version NOT_EXISTS and an empty value, as Pravega answers.
                entries[i] = found[i] is { } entry
                    ? ToWire(entry)
                    : new WireEntry(new WireKey(new ReadOnlySequence<byte>(keys[i]), ContractKey.NotExists), ReadOnlySequence<byte>.Empty);
            }
            await SendBoundedAsync(new TableRead(request.RequestId, segment, entries), "readTable", request.RequestId, segment).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "readTable", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask ReadTableKeysAsync(ReadTableKeys request)
    {
        var segment = request.Segment.ToString();
        try
        {
            var page = await _tables.ReadKeysAsync(segment, Args(request.SuggestedKeyCount, request.Args)).ConfigureAwait(false);
            var keys = new WireKey[page.Items.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = new WireKey(new ReadOnlySequence<byte>(page.Items[i].Key), page.Items[i].Version);
            }
            await SendAsync(new TableKeysRead(request.RequestId, segment, keys, new ReadOnlySequence<byte>(page.ContinuationToken)))
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "readTableKeys", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask ReadTableEntriesAsync(ReadTableEntries request)
    {
        var segment = request.Segment.ToString();
        try
        {
            var page = await _tables.ReadEntriesAsync(segment, Args(request.SuggestedEntryCount, request.Args)).ConfigureAwait(false);
            var entries = page.Items.Select(ToWire).ToArray();
            await SendBoundedAsync(new TableEntriesRead(request.RequestId, segment, entries, new ReadOnlySequence<byte>(page.ContinuationToken)),
                "readTableEntries", request.RequestId, segment).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "readTableEntries", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask ReadTableEntriesDeltaAsync(ReadTableEntriesDelta request)
    {
        var segment = request.Segment.ToString();
        try
        {
            var page = await _tables.ReadDeltaAsync(segment, request.FromPosition, request.SuggestedEntryCount).ConfigureAwait(false);
            var entries = page.Entries.Select(ToWire).ToArray();
            await SendBoundedAsync(new TableEntriesDeltaRead(request.RequestId, segment, entries, page.ShouldClear, page.ReachedEnd,
                page.LastPosition), "readTableEntriesDelta", request.RequestId, segment).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "readTableEntriesDelta", request.RequestId, segment, request.FromPosition).ConfigureAwait(false);
        }
    }

    private async ValueTask GetTableSegmentInfoAsync(GetTableSegmentInfo request)
    {
        var segment = request.SegmentName.ToString();
        try
        {
            var info = await _tables.GetInfoAsync(segment).ConfigureAwait(false);
            await SendAsync(new Wire.Commands.TableSegmentInfo(request.RequestId, segment, info.StartOffset, info.Length, info.EntryCount,
                info.KeyLength)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "getTableSegmentInfo", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a reply unless it would exceed the largest frame; then a clear error instead (the connection stays up).</summary>
    private ValueTask SendBoundedAsync<T>(T reply, string operation, long requestId, string segment)
        where T : struct, IWireCommand
    {
        var length = reply.GetPayloadLength();
        if (length > WireProtocol.MaxPayloadLength)
        {
            ServerLog.ReplyTooLarge(_logger, Id, operation, segment, length);
            return SendAsync(new ErrorMessage(requestId, segment,
                $"The reply to {operation} would be {length} bytes, more than a frame holds ({WireProtocol.MaxPayloadLength}); ask for fewer keys.",
                IllegalArgumentErrorCode));
        }
        return SendAsync(reply);
    }

    private static Contracts.Tables.TableIteratorArgs Args(int suggestedCount, Wire.Commands.TableIteratorArgs args) =>
        new(suggestedCount, Memory(args.ContinuationToken), Memory(args.FromKey), Memory(args.ToKey));

    private static WireEntry ToWire(ContractEntry entry) =>
        new(new WireKey(new ReadOnlySequence<byte>(entry.Key.Key), entry.Key.Version), new ReadOnlySequence<byte>(entry.Value));

    private static ReadOnlyMemory<byte> Memory(in ReadOnlySequence<byte> bytes) =>
        bytes.IsSingleSegment ? bytes.First : bytes.ToArray();
}
