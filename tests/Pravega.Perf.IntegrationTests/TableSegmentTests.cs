using System.Buffers;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.Wire.Commands;
using static Pravega.Perf.IntegrationTests.Helpers.Tables;

namespace Pravega.Perf.IntegrationTests;

/// <summary>Table-segment commands (codes 68–88) over real TCP: Pravega's reply for every outcome.</summary>
public sealed class TableSegmentTests : IClassFixture<LiveServerFixture>
{
    private readonly LiveServer _server;

    public TableSegmentTests(LiveServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task A_conditional_insert_twice_is_table_key_bad_version_and_the_first_value_stays()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewName();
        await client.CreateTableAsync(table);
        var versions = await client.PutAsync(table, Entry("k", "first", TableKey.NotExists));
        Check.Equal(0L, versions.Single(), "the first entry's version is its offset");
        var second = await client.UpdateAsync(table, Entry("k", "second", TableKey.NotExists));
        Assert.True(second.Command is TableKeyBadVersion bad && bad.Segment.ToString() == table, $"expected TABLE_KEY_BAD_VERSION, got {second}");
        var read = await client.GetAsync(table, "k");
        Check.Equal("first", Text(read[0].Value), "value after the failed insert");
        Check.Equal(0L, read[0].Key.KeyVersion, "version after the failed insert");
    }

    [Fact]
    public async Task A_stale_version_put_is_bad_version_and_the_current_version_succeeds()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewName();
        await client.CreateTableAsync(table);
        var v1 = (await client.PutAsync(table, Entry("k", "1")))[0];
        var v2 = (await client.PutAsync(table, Entry("k", "2", v1)))[0];
        Assert.True(v2 > v1, $"versions grow: {v1} then {v2}");
        var stale = await client.UpdateAsync(table, Entry("k", "3", v1));
        Assert.True(stale.Command is TableKeyBadVersion, $"a stale version is TABLE_KEY_BAD_VERSION, got {stale}");
        var missing = await client.UpdateAsync(table, Entry("absent", "x", 5));
        Assert.True(missing.Command is TableKeyDoesNotExist, $"a version for a missing key is TABLE_KEY_DOES_NOT_EXIST, got {missing}");
        var v3 = await client.PutAsync(table, Entry("k", "3", v2), Entry("other", "o"));
        Check.Equal(2, v3.Length, "one version per entry of the batch");
        Check.Equal("3", Text((await client.GetAsync(table, "k"))[0].Value), "value after the conditional put");
    }

    [Fact]
    public async Task Remove_conditional_and_unconditional_then_the_keys_read_as_not_existing()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewName();
        await client.CreateTableAsync(table);
        var v = await client.PutAsync(table, Entry("a", "1"), Entry("b", "2"));
        var wrong = await client.RemoveAsync(table, Key("a", v[1]));
        Assert.True(wrong.Command is TableKeyBadVersion, $"removal at the wrong version, got {wrong}");
        var conditional = await client.RemoveAsync(table, Key("a", v[0]));
        Assert.True(conditional.Command is TableKeysRemoved removed && removed.Segment.ToString() == table, $"conditional removal, got {conditional}");
        var unconditional = await client.RemoveAsync(table, Key("b"), Key("never-there"));
        Assert.True(unconditional.Command is TableKeysRemoved, $"unconditional removal, got {unconditional}");
        var read = await client.GetAsync(table, "a", "b");
        Assert.True(read.All(e => e.Key.KeyVersion == TableKey.NotExists && e.Value.IsEmpty),
            "removed keys come back as NOT_EXISTS with empty values");
        Check.Equal("a", Text(read[0].Key.Data), "READ_TABLE echoes the missing key");
    }

    [Fact]
    public async Task Keys_and_entries_iterate_across_continuation_tokens_and_info_counts_them()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewName();
        await client.CreateTableAsync(table);
        var all = Enumerable.Range(0, 60).Select(i => "key" + i).ToArray();
        await client.PutAsync(table, [.. all.Select(k => Entry(k, "v" + k))]);

        var keys = new List<string>();
        var token = ReadOnlySequence<byte>.Empty;
        while (true)
        {
            await client.SendAsync(new ReadTableKeys(client.NextRequestId(), table, string.Empty, 7, new TableIteratorArgs(token, default, default)));
            var page = await client.ReceiveAsync<TableKeysRead>();
            if (page.Keys.Length == 0)
            {
                break;
            }
            Assert.True(page.Keys.Length <= 7, $"a page has at most the suggested count: {page.Keys.Length}");
            keys.AddRange(page.Keys.Select(k => Text(k.Data)));
            token = new ReadOnlySequence<byte>(page.ContinuationToken.ToArray());
        }
        Assert.True(keys.Order(StringComparer.Ordinal).SequenceEqual(all.Order(StringComparer.Ordinal)), $"every key once: {keys.Count} of {all.Length}");

        var entries = new List<string>();
        token = ReadOnlySequence<byte>.Empty;
        while (true)
        {
            await client.SendAsync(new ReadTableEntries(client.NextRequestId(), table, string.Empty, 25, new TableIteratorArgs(token, default, default)));
            var page = await client.ReceiveAsync<TableEntriesRead>();
            if (page.Entries.Length == 0)
            {
                break;
            }
            entries.AddRange(page.Entries.Select(e => Text(e.Key.Data) + "=" + Text(e.Value)));
            token = new ReadOnlySequence<byte>(page.ContinuationToken.ToArray());
        }
        Assert.True(entries.Order(StringComparer.Ordinal).SequenceEqual(all.Select(k => k + "=v" + k).Order(StringComparer.Ordinal)),
            $"every entry once with its value: {entries.Count}");

        await client.SendAsync(new GetTableSegmentInfo(client.NextRequestId(), table, string.Empty));
        var info = await client.ReceiveAsync<TableSegmentInfo>();
        Assert.True(info.EntryCount == 60 && info.KeyLength == 0 && info.Length > 0 && info.StartOffset == 0,
            $"info: {info.EntryCount} entries, key length {info.KeyLength}, length {info.Length}");
    }

    [Fact]
    public async Task A_fixed_key_length_table_iterates_in_sorted_key_order_within_a_range()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewKvtName();
        await client.CreateTableAsync(table, keyLength: 3);
        string[] keys = ["mmm", "bbb", "zzz", "aaa", "ccc", "yyy"];
        await client.PutAsync(table, [.. keys.Select(k => Entry(k, k.ToUpperInvariant()))]);
        var wrongLength = await client.UpdateAsync(table, Entry("toolong", "x"));
        Assert.True(wrongLength.Command is ErrorMessage { ErrorCode: 0 }, $"a key of the wrong length is an illegal argument, got {wrongLength}");

        var seen = new List<string>();
        var token = ReadOnlySequence<byte>.Empty;
        while (true)
        {
            await client.SendAsync(new ReadTableEntries(client.NextRequestId(), table, string.Empty, 2,
                new TableIteratorArgs(token, Bytes("bbb"), Bytes("yyy"))));
            var page = await client.ReceiveAsync<TableEntriesRead>();
            if (page.Entries.Length == 0)
            {
                break;
            }
            seen.AddRange(page.Entries.Select(e => Text(e.Key.Data)));
            token = new ReadOnlySequence<byte>(page.ContinuationToken.ToArray());
        }
        Check.Equal("bbb,ccc,mmm,yyy", string.Join(",", seen), "sorted keys in [bbb, yyy]");
    }

    [Fact]
    public async Task Oversized_keys_values_and_batches_get_an_error_reply_and_the_connection_stays_up()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewName();
        await client.CreateTableAsync(table);
        var bigKey = new TableEntry(new TableKey(new ReadOnlySequence<byte>(new byte[8193]), TableKey.NoVersion), Bytes("v"));
        var key = await client.UpdateAsync(table, bigKey);
        Assert.True(key.Command is ErrorMessage { ErrorCode: 0 } e1 && e1.Message.ToString().Contains("key", StringComparison.Ordinal),
            $"an 8193-byte key, got {key}");
        var bigValue = new TableEntry(Key("k"), new ReadOnlySequence<byte>(new byte[(1 << 20) - 8192 + 1]));
        var value = await client.UpdateAsync(table, bigValue);
        Assert.True(value.Command is ErrorMessage { ErrorCode: 0 }, $"a value over 1 MiB - 8 KiB, got {value}");
        var maxValue = new byte[(1 << 20) - 8192];
        var batch = await client.UpdateAsync(table, [.. Enumerable.Range(0, 16).Select(i =>
            new TableEntry(Key("k" + i), new ReadOnlySequence<byte>(maxValue)))]);
        Assert.True(batch.Command is ErrorMessage { ErrorCode: 0 } e3 && e3.Message.ToString().Contains("batch", StringComparison.Ordinal),
            $"a batch over the limit, got {batch}");

        await client.SendAsync(default(KeepAlive));
        await client.ReceiveAsync<KeepAlive>();
        Check.Equal(0, (await client.GetAsync(table, "k")).Count(e => e.Key.KeyVersion != TableKey.NotExists), "nothing was stored");
        var max = await client.PutAsync(table, new TableEntry(Key("k"), new ReadOnlySequence<byte>(maxValue)));
        Check.Equal(maxValue.Length, (int)(await client.GetAsync(table, "k"))[0].Value.Length, "a maximal value round-trips");
        Check.Equal(0L, max[0], "version of the maximal entry");
    }

    [Fact]
    public async Task Table_commands_on_an_unknown_segment_get_no_such_segment()
    {
        await using var client = await _server.ConnectAsync();
        var missing = NewName();
        var update = await client.UpdateAsync(missing, Entry("k", "v"));
        Assert.True(update.Command is NoSuchSegment, $"update, got {update}");
        var read = await client.RequestAsync(new ReadTable(client.NextRequestId(), missing, string.Empty, [Key("k")]));
        Assert.True(read.Command is NoSuchSegment, $"read, got {read}");
        var info = await client.RequestAsync(new GetTableSegmentInfo(client.NextRequestId(), missing, string.Empty));
        Assert.True(info.Command is NoSuchSegment, $"info, got {info}");
        var delete = await client.RequestAsync(new DeleteTableSegment(client.NextRequestId(), missing, false, string.Empty));
        Assert.True(delete.Command is NoSuchSegment, $"delete, got {delete}");
    }

    [Fact]
    public async Task Delete_must_be_empty_refuses_a_table_with_keys_and_delete_removes_it()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewName();
        await client.CreateTableAsync(table);
        await client.PutAsync(table, Entry("k", "v"));
        var refused = await client.RequestAsync(new DeleteTableSegment(client.NextRequestId(), table, true, string.Empty));
        Assert.True(refused.Command is TableSegmentNotEmpty, $"mustBeEmpty on a table with a key, got {refused}");
        var deleted = await client.RequestAsync(new DeleteTableSegment(client.NextRequestId(), table, false, string.Empty));
        Assert.True(deleted.Command is SegmentDeleted, $"delete, got {deleted}");
        var gone = await client.RequestAsync(new ReadTable(client.NextRequestId(), table, string.Empty, [Key("k")]));
        Assert.True(gone.Command is NoSuchSegment, $"read after delete, got {gone}");
        var again = await client.RequestAsync(new CreateTableSegment(client.NextRequestId(), table, string.Empty, false, 0, 0));
        Assert.True(again.Command is SegmentCreated, $"the name can be used again, got {again}");
        Check.Equal(TableKey.NotExists, (await client.GetAsync(table, "k"))[0].Key.KeyVersion, "the new table does not have the old key");
    }

    [Fact]
    public async Task Delta_reads_return_changes_from_a_position_and_continue_from_the_last_position()
    {
        await using var client = await _server.ConnectAsync();
        var table = NewName();
        await client.CreateTableAsync(table);
        var v = await client.PutAsync(table, Entry("a", "1"), Entry("b", "2"));
        await client.RemoveAsync(table, Key("a"));
        await client.SendAsync(new ReadTableEntriesDelta(client.NextRequestId(), table, string.Empty, 0, 2));
        var first = await client.ReceiveAsync<TableEntriesDeltaRead>();
        Assert.True(first.Entries.Length == 2 && !first.ReachedEnd && !first.ShouldClear && first.Entries[1].Key.KeyVersion == v[1],
            $"first page: {first.Entries.Length} entries, end {first.ReachedEnd}");
        await client.SendAsync(new ReadTableEntriesDelta(client.NextRequestId(), table, string.Empty, first.LastPosition, 100));
        var second = await client.ReceiveAsync<TableEntriesDeltaRead>();
        Assert.True(second.Entries.Length == 1 && second.Entries[0].Key.KeyVersion == TableKey.NotExists && second.ReachedEnd,
            $"second page: the removal of a, then the end ({second.Entries.Length} entries, end {second.ReachedEnd})");
    }

    [Fact]
    public async Task The_index_survives_a_restart_on_the_same_data_directory()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-it-").FullName;
        try
        {
            var table = NewName();
            long[] versions;
            var server = await LiveServer.StartAsync(dataDirectory: directory);
            await using (var client = await server.ConnectAsync())
            {
                await client.CreateTableAsync(table);
                versions = await client.PutAsync(table, [.. Enumerable.Range(0, 50).Select(i => Entry("k" + i, "v" + i))]);
                await client.RemoveAsync(table, Key("k7"));
            }
            await server.StopAsync();

            await using var restarted = await LiveServer.StartAsync(dataDirectory: directory);
            await using var check = await restarted.ConnectAsync();
            var read = await check.GetAsync(table, [.. Enumerable.Range(0, 50).Select(i => "k" + i)]);
            for (var i = 0; i < 50; i++)
            {
                var expected = i == 7 ? TableKey.NotExists : versions[i];
                Check.Equal(expected, read[i].Key.KeyVersion, $"version of k{i} after the restart");
            }
            var stale = await check.UpdateAsync(table, Entry("k1", "x", TableKey.NotExists));
            Assert.True(stale.Command is TableKeyBadVersion, $"conditions see the recovered index, got {stale}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
