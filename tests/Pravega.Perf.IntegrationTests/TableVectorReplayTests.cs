using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// Replays the table request frames of <c>wire-vectors.md</c> (bytes from Pravega's own encoder, fixed segment names)
/// against a live server in an order where each one has a definite answer, and checks the reply type and request id.
/// </summary>
public sealed class TableVectorReplayTests
{
    // (vector id, expected reply) in replay order. "odd" = the segment name with NUL and an emoji (hash layout),
    // "ascii" = _system/_tables/scope1/stream1_table (created by vector 1 with fixed 16-byte keys).
    private static readonly (string Vector, WireCommandType Reply, string Why)[] Script =
    [
        ("GET_TABLE_SEGMENT_INFO 1/2", WireCommandType.NoSuchSegment, "ascii table not created yet"),
        ("CREATE_TABLE_SEGMENT 2/2", WireCommandType.SegmentCreated, "odd table, hash layout"),
        ("UPDATE_TABLE_ENTRIES 2/2", WireCommandType.SegmentIsTruncated, "tableSegmentOffset 0x10000 is not the empty table's length (BadOffsetException)"),
        ("READ_TABLE 2/2", WireCommandType.TableRead, "no keys asked"),
        ("REMOVE_TABLE_KEYS 2/2", WireCommandType.SegmentIsTruncated, "tableSegmentOffset 77 is not the length"),
        ("READ_TABLE_KEYS 2/2", WireCommandType.ErrorMessage, "a key range on a hash table (and a foreign token) is an illegal argument"),
        ("READ_TABLE_ENTRIES 2/2", WireCommandType.ErrorMessage, "same for entries"),
        ("READ_TABLE_ENTRIES_DELTA 2/2", WireCommandType.TableEntriesDeltaRead, "from position 0 of an empty table"),
        ("GET_TABLE_SEGMENT_INFO 2/2", WireCommandType.TableSegmentInfo, "odd table exists"),
        ("CREATE_TABLE_SEGMENT 1/2", WireCommandType.SegmentCreated, "ascii table, fixed 16-byte keys"),
        ("UPDATE_TABLE_ENTRIES 1/2", WireCommandType.ErrorMessage, "5- and 7-byte keys in a 16-byte-key table"),
        ("READ_TABLE 1/2", WireCommandType.TableRead, "both keys missing"),
        ("REMOVE_TABLE_KEYS 1/2", WireCommandType.ErrorMessage, "a 5-byte key in a 16-byte-key table"),
        ("READ_TABLE_KEYS 1/2", WireCommandType.TableKeysRead, "first page of an empty table"),
        ("READ_TABLE_ENTRIES 1/2", WireCommandType.TableEntriesRead, "first page of an empty table"),
        ("READ_TABLE_ENTRIES_DELTA 1/2", WireCommandType.ErrorMessage, "position 0x12345 is beyond the length"),
        ("DELETE_TABLE_SEGMENT 1/2", WireCommandType.SegmentDeleted, "mustBeEmpty on an empty table"),
        ("DELETE_TABLE_SEGMENT 2/2", WireCommandType.SegmentDeleted, "unconditional delete"),
        ("GET_TABLE_SEGMENT_INFO 2/2", WireCommandType.NoSuchSegment, "deleted"),
    ];

    [Fact]
    public async Task Every_table_request_vector_gets_its_reply_with_its_request_id_on_one_connection()
    {
        var vectors = WireVectorFile.Vectors.ToDictionary(v => v.Id);
        var tableRequests = vectors.Values.Where(v => v.TypeCode is 68 or 70 or 71 or 74 or 76 or 78 or 83 or 85 or 88).Select(v => v.Id);
        Assert.True(tableRequests.All(id => Script.Any(s => s.Vector == id)), "every table request vector is replayed");

        await using var server = await LiveServer.StartAsync();
        await using var client = await server.ConnectAsync();
        foreach (var (id, expected, why) in Script)
        {
            var vector = vectors[id];
            client.WriteRaw(vector.Frame);
            await client.FlushAsync();
            var reply = await client.ReceiveAsync();
            Assert.True(reply.Type == expected, $"{id} ({why}): expected {expected}, got {reply}");
            var requestId = vector.Fields.Single(f => f.Path == "requestId").Integer;
            Check.Equal(requestId, RequestIdOf(reply.Command), $"{id}: echoed request id");
        }
    }

    private static long RequestIdOf(IWireCommand reply) => reply switch
    {
        NoSuchSegment r => r.RequestId,
        SegmentCreated r => r.RequestId,
        SegmentDeleted r => r.RequestId,
        SegmentIsTruncated r => r.RequestId,
        TableRead r => r.RequestId,
        TableKeysRead r => r.RequestId,
        TableEntriesRead r => r.RequestId,
        TableEntriesDeltaRead r => r.RequestId,
        TableSegmentInfo r => r.RequestId,
        ErrorMessage r => r.RequestId,
        _ => throw new InvalidOperationException($"unexpected reply {reply.Type}"),
    };
}
