using System.Buffers;
using System.Text;
using Pravega.Perf.Testing.WireClient;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>Table-segment requests over the raw wire client, and names and bytes for table tests.</summary>
public static class Tables
{
    private static int s_next;

    /// <summary>A fresh system table segment name.</summary>
    public static string NewName() => $"_system/_tables/it{Interlocked.Increment(ref s_next)}x{Environment.ProcessId}";

    /// <summary>A fresh key-value-table partition name (fixed-key-length tables are named like these).</summary>
    public static string NewKvtName() => $"itest/kvt{Interlocked.Increment(ref s_next)}x{Environment.ProcessId}_kvtable/0.#epoch.0";

    public static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    public static string Text(ReadOnlySequence<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());

    public static TableKey Key(string key, long version = TableKey.NoVersion) => new(Bytes(key), version);

    public static TableEntry Entry(string key, string value, long version = TableKey.NoVersion) => new(Key(key, version), Bytes(value));

    /// <summary>Sends a request and returns the next reply, whatever it is.</summary>
    public static async Task<WireReply> RequestAsync<T>(this WireTestClient client, T request)
        where T : struct, IWireCommand
    {
        await client.SendAsync(request);
        return await client.ReceiveAsync();
    }

    /// <summary>CREATE_TABLE_SEGMENT; the reply must be SEGMENT_CREATED.</summary>
    public static async Task CreateTableAsync(this WireTestClient client, string segment, int keyLength = 0)
    {
        await client.SendAsync(new CreateTableSegment(client.NextRequestId(), segment, string.Empty, false, keyLength, 0));
        await client.ReceiveAsync<SegmentCreated>();
    }

    /// <summary>UPDATE_TABLE_ENTRIES (unconditional on the segment offset); returns the reply.</summary>
    public static Task<WireReply> UpdateAsync(this WireTestClient client, string segment, params TableEntry[] entries) =>
        client.RequestAsync(new UpdateTableEntries(client.NextRequestId(), segment, string.Empty, entries, -1));

    /// <summary>UPDATE_TABLE_ENTRIES that must succeed; returns the new versions.</summary>
    public static async Task<long[]> PutAsync(this WireTestClient client, string segment, params TableEntry[] entries)
    {
        var reply = await client.UpdateAsync(segment, entries);
        Assert.True(reply.Command is TableEntriesUpdated, $"expected TABLE_ENTRIES_UPDATED, got {reply}");
        return ((TableEntriesUpdated)reply.Command).UpdatedVersions;
    }

    /// <summary>REMOVE_TABLE_KEYS; returns the reply.</summary>
    public static Task<WireReply> RemoveAsync(this WireTestClient client, string segment, params TableKey[] keys) =>
        client.RequestAsync(new RemoveTableKeys(client.NextRequestId(), segment, string.Empty, keys, -1));

    /// <summary>READ_TABLE that must succeed; returns the entries.</summary>
    public static async Task<TableEntry[]> GetAsync(this WireTestClient client, string segment, params string[] keys)
    {
        await client.SendAsync(new ReadTable(client.NextRequestId(), segment, string.Empty, [.. keys.Select(k => Key(k))]));
        return (await client.ReceiveAsync<TableRead>()).Entries;
    }
}
