using Pravega.Perf.Client;
using Pravega.Perf.Client.Tables;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The client's key-value tables (<see cref="KeyValueTableManager"/>, <see cref="IKeyValueTable"/>) against a real controller and store.</summary>
public sealed class KeyValueTableTests : IAsyncLifetime
{
    private const string Scope = "kv";

    // 4 partitions, 4-byte primary and 2-byte secondary keys: enough partitions that ranges must merge across them.
    private static readonly KeyValueTableConfiguration Shape = new() { PartitionCount = 4, PrimaryKeyLength = 4, SecondaryKeyLength = 2 };

    private ControllerHarness _h = null!;
    private KeyValueTableManager _manager = null!;
    private KeyValueTableFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _h = await ControllerHarness.StartAsync();
        var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{_h.Controller.Address!.Port}") };
        _manager = new KeyValueTableManager(config);
        _factory = KeyValueTableFactory.WithScope(Scope, config);
        await _h.CreateScopeAsync(Scope);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _manager.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Insert_twice_and_a_stale_version_are_refused_while_the_current_version_replaces()
    {
        var table = await CreateAsync("versions");
        var key = Key(1, 1);
        var v1 = await table.InsertAsync(key, Value("a"), Token);
        await Assert.ThrowsAsync<BadKeyVersionException>(() => table.InsertAsync(key, Value("b"), Token));

        var v2 = await table.ReplaceAsync(key, Value("c"), v1, Token);
        Assert.True(v2.SegmentVersion > v1.SegmentVersion, $"the new version {v2} must be a later offset than {v1}");
        await Assert.ThrowsAsync<BadKeyVersionException>(() => table.ReplaceAsync(key, Value("d"), v1, Token));
        await Assert.ThrowsAsync<BadKeyVersionException>(() => table.PutAsync(key, Value("d"), v1, Token));
        await Assert.ThrowsAsync<NoSuchKeyException>(() => table.ReplaceAsync(Key(1, 2), Value("d"), v1, Token));

        var v3 = await table.PutAsync(key, Value("e"), cancellationToken: Token);
        var entry = await table.GetAsync(key, Token);
        Assert.NotNull(entry);
        Assert.Equal("e", Text(entry.Value));
        Assert.Equal(v3, entry.Version);
        Assert.Equal(key, entry.Key);
        Assert.Null(await table.GetAsync(Key(1, 2), Token));
        Assert.Equal(v3, KeyValueTableVersion.Parse(v3.ToString()));
    }

    [Fact]
    public async Task A_conditional_batch_of_one_primary_key_is_applied_whole_or_not_at_all()
    {
        var table = await CreateAsync("batches");
        var versions = await table.UpdateAsync(
            [KeyValueModification.Insert(Key(7, 1), Value("x1")), KeyValueModification.Insert(Key(7, 2), Value("x2")), KeyValueModification.Put(Key(7, 3), Value("x3"))],
            Token);
        Assert.Equal(3, versions.Count);

        // The last condition fails (key 7/1 exists), so neither the replace of 7/2 nor the insert of 7/4 may show.
        await Assert.ThrowsAsync<BadKeyVersionException>(() => table.UpdateAsync(
            [KeyValueModification.Put(Key(7, 2), Value("y2"), versions[1]), KeyValueModification.Insert(Key(7, 4), Value("y4")), KeyValueModification.Insert(Key(7, 1), Value("y1"))],
            Token));
        var after = await table.GetAllAsync([Key(7, 1), Key(7, 2), Key(7, 3), Key(7, 4)], Token);
        Assert.Equal(["x1", "x2", "x3", null], after.Select(e => e is null ? null : Text(e.Value)));
        Assert.Equal(versions, after.Take(3).Select(e => e!.Version));

        var applied = await table.UpdateAsync([KeyValueModification.Put(Key(7, 2), Value("z2"), versions[1]), KeyValueModification.Insert(Key(7, 4), Value("z4"))], Token);
        Assert.Equal(2, applied.Count);
        Assert.Equal(["x1", "z2", "x3", "z4"], (await table.GetAllAsync([Key(7, 1), Key(7, 2), Key(7, 3), Key(7, 4)], Token)).Select(e => Text(e!.Value)));

        // A batch of removals is all-or-nothing too.
        await Assert.ThrowsAsync<BadKeyVersionException>(() => table.UpdateAsync([KeyValueModification.Remove(Key(7, 1)), KeyValueModification.Remove(Key(7, 3), versions[0])], Token));
        Assert.True(await table.ExistsAsync(Key(7, 1), Token));
        await table.UpdateAsync([KeyValueModification.Remove(Key(7, 1)), KeyValueModification.Remove(Key(7, 3), versions[2])], Token);
        Assert.False(await table.ExistsAsync(Key(7, 1), Token));
        Assert.False(await table.ExistsAsync(Key(7, 3), Token));
        Assert.True(await table.ExistsAsync(Key(7, 2), Token));
    }

    [Fact]
    public async Task Iterators_return_exactly_the_keys_in_range_in_unsigned_byte_order_across_partitions()
    {
        var table = await CreateAsync("iterate");
        // Primary keys whose first byte runs past 0x7F (unsigned order must put 0x90 after 0x10) and 5 secondary keys each.
        byte[] firsts = [0x00, 0x10, 0x11, 0x12, 0x90, 0xA0, 0xFF];
        var all = new List<KeyValueTableKey>();
        foreach (var first in firsts)
        {
            var keys = Enumerable.Range(0, 5).Select(s => new KeyValueTableKey(new byte[] { first, 1, 2, 3 }, new byte[] { (byte)(s * 0x30), 7 })).ToList();
            await table.UpdateAsync(keys.Select(k => KeyValueModification.Insert(k, Value(k.ToString()))), Token);
            all.AddRange(keys);
        }
        var sorted = all.OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();   // hex strings sort as unsigned bytes
        var partitionsUsed = await Task.WhenAll(firsts.Select(f => table.EntriesAsync(KeyValueTableRange.ForPrimaryKey(new byte[] { f, 1, 2, 3 }), cancellationToken: Token)
            .Select(e => e.Version.SegmentId).FirstAsync(Token).AsTask()));
        Assert.True(partitionsUsed.Distinct().Count() > 1, "the keys must spread over several partitions for this test to mean anything");

        var everything = await table.EntriesAsync(KeyValueTableRange.All, pageSize: 3, Token).ToListAsync(Token);
        Assert.Equal(sorted, everything.Select(e => e.Key));
        Assert.All(everything, e => Assert.Equal(e.Key.ToString(), Text(e.Value)));
        Assert.Equal(sorted, await table.KeysAsync(KeyValueTableRange.All, pageSize: 2, Token).Select(k => k.Key).ToListAsync(Token));

        // Primary-key prefix 0x10: the 0x10 keys only; range [0x11.., 0xA0..]: 0x11, 0x12, 0x90, 0xA0; from the start to 0x11...
        Assert.Equal(sorted.Where(k => k.PrimaryKey.Span[0] == 0x10),
            await table.KeysAsync(KeyValueTableRange.ForPrimaryKeyPrefix(new byte[] { 0x10 }), 4, Token).Select(k => k.Key).ToListAsync(Token));
        Assert.Equal(sorted.Where(k => k.PrimaryKey.Span[0] is 0x11 or 0x12 or 0x90 or 0xA0),
            await table.KeysAsync(KeyValueTableRange.ForPrimaryKeyRange(new byte[] { 0x11, 1, 2, 3 }, new byte[] { 0xA0, 1, 2, 3 }), 3, Token).Select(k => k.Key).ToListAsync(Token));
        Assert.Equal(sorted.Where(k => k.PrimaryKey.Span[0] <= 0x11),
            await table.KeysAsync(KeyValueTableRange.ForPrimaryKeyRange(null, new byte[] { 0x11, 1, 2, 3 }), 100, Token).Select(k => k.Key).ToListAsync(Token));

        // One primary key: all of it, a secondary range [0x30, 0x90] (inclusive) and a secondary prefix.
        var pk = new byte[] { 0x90, 1, 2, 3 };
        Assert.Equal(sorted.Where(k => k.PrimaryKey.Span[0] == 0x90),
            await table.EntriesAsync(KeyValueTableRange.ForPrimaryKey(pk), 2, Token).Select(e => e.Key).ToListAsync(Token));
        Assert.Equal([0x30, 0x60, 0x90],
            await table.EntriesAsync(KeyValueTableRange.ForPrimaryKey(pk, new byte[] { 0x30, 7 }, new byte[] { 0x90, 7 }), 1, Token).Select(e => (int)e.Key.SecondaryKey.Span[0]).ToListAsync(Token));
        Assert.Equal([0x60],
            await table.EntriesAsync(KeyValueTableRange.ForSecondaryKeyPrefix(pk, new byte[] { 0x60 }), 10, Token).Select(e => (int)e.Key.SecondaryKey.Span[0]).ToListAsync(Token));
        Assert.Empty(await table.EntriesAsync(KeyValueTableRange.ForPrimaryKey(new byte[] { 0x91, 1, 2, 3 }), 10, Token).ToListAsync(Token));
    }

    [Fact]
    public async Task A_removed_key_is_gone_from_gets_and_iterators_and_can_be_inserted_again()
    {
        var table = await CreateAsync("removal");
        var key = Key(3, 3);
        var v1 = await table.InsertAsync(key, Value("first"), Token);
        await Assert.ThrowsAsync<BadKeyVersionException>(() => table.RemoveAsync(key, new KeyValueTableVersion(v1.SegmentId, v1.SegmentVersion + 1), Token));
        Assert.True(await table.ExistsAsync(key, Token));
        await table.RemoveAsync(key, v1, Token);
        Assert.False(await table.ExistsAsync(key, Token));
        Assert.Null(await table.GetAsync(key, Token));
        Assert.Empty(await table.KeysAsync(KeyValueTableRange.All, cancellationToken: Token).ToListAsync(Token));
        await table.RemoveAsync(key, cancellationToken: Token);   // unconditional removal of an absent key: no error
        await Assert.ThrowsAsync<NoSuchKeyException>(() => table.RemoveAsync(key, v1, Token));

        var v2 = await table.InsertAsync(key, Value("second"), Token);
        Assert.True(v2.SegmentVersion > v1.SegmentVersion, $"the re-inserted key's version {v2} must follow the removed one {v1}");
        Assert.Equal("second", Text((await table.GetAsync(key, Token))!.Value));
        Assert.Equal([key], await table.KeysAsync(KeyValueTableRange.All, cancellationToken: Token).Select(k => k.Key).ToListAsync(Token));
    }

    [Fact]
    public async Task The_manager_creates_lists_describes_and_deletes_tables_and_a_deleted_table_is_not_found()
    {
        var shape = Shape with { PartitionCount = 2, RolloverSizeBytes = 1 << 20 };
        Assert.True(await _manager.CreateKeyValueTableAsync(Scope, "managed", shape, Token));
        Assert.False(await _manager.CreateKeyValueTableAsync(Scope, "managed", shape, Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _manager.CreateKeyValueTableAsync("no-such-scope", "t", shape, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => _manager.CreateKeyValueTableAsync(Scope, "bad name", shape, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => _manager.CreateKeyValueTableAsync(Scope, "t", shape with { PrimaryKeyLength = 0 }, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => _manager.CreateKeyValueTableAsync(Scope, "t", shape with { PrimaryKeyLength = 8000, SecondaryKeyLength = 193 }, Token));
        Assert.Contains("managed", await _manager.ListKeyValueTablesAsync(Scope, Token).ToListAsync(Token));
        Assert.Equal(shape, await _manager.GetKeyValueTableConfigurationAsync(Scope, "managed", Token));

        var table = await _factory.ForKeyValueTableAsync("managed", Token);
        await table.PutAsync(Key(1, 1), Value("v"), cancellationToken: Token);
        Assert.True(await _manager.DeleteKeyValueTableAsync(Scope, "managed", Token));
        Assert.False(await _manager.DeleteKeyValueTableAsync(Scope, "managed", Token));
        Assert.DoesNotContain("managed", await _manager.ListKeyValueTablesAsync(Scope, Token).ToListAsync(Token));
        await Assert.ThrowsAsync<KeyValueTableNotFoundException>(() => _manager.GetKeyValueTableConfigurationAsync(Scope, "managed", Token));
        await Assert.ThrowsAsync<KeyValueTableNotFoundException>(() => _factory.ForKeyValueTableAsync("managed", Token));
        await Assert.ThrowsAsync<KeyValueTableNotFoundException>(() => table.GetAsync(Key(1, 1), Token));
        await Assert.ThrowsAsync<KeyValueTableNotFoundException>(() => table.PutAsync(Key(1, 1), Value("w"), cancellationToken: Token));

        // Created again, the table starts empty.
        Assert.True(await _manager.CreateKeyValueTableAsync(Scope, "managed", shape, Token));
        var again = await _factory.ForKeyValueTableAsync("managed", Token);
        Assert.Null(await again.GetAsync(Key(1, 1), Token));
        Assert.Empty(await again.EntriesAsync(KeyValueTableRange.All, cancellationToken: Token).ToListAsync(Token));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_ArgumentException_before_anything_is_written()
    {
        var table = await CreateAsync("badinput");
        var good = Key(5, 5);
        await Assert.ThrowsAsync<ArgumentException>(() => table.PutAsync(new KeyValueTableKey(new byte[3], new byte[2]), Value("v"), cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.PutAsync(new KeyValueTableKey(new byte[4], new byte[3]), Value("v"), cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.PutAsync(new KeyValueTableKey(new byte[4]), Value("v"), cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetAsync(new KeyValueTableKey(new byte[5], new byte[2]), Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.PutAsync(good, new byte[KeyValueTableConfiguration.MaximumValueLength + 1], cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateAsync([KeyValueModification.Insert(good, Value("a")), KeyValueModification.Insert(Key(6, 5), Value("b"))], Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateAsync([KeyValueModification.Insert(good, Value("a")), KeyValueModification.Remove(Key(5, 6))], Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateAsync(
            Enumerable.Range(0, KeyValueTableConfiguration.MaximumBatchKeyCount + 1).Select(i => KeyValueModification.Put(new KeyValueTableKey(Key(5, 0).PrimaryKey, new byte[] { (byte)(i >> 8), (byte)i }), Value("x"))),
            Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await table.EntriesAsync(KeyValueTableRange.ForPrimaryKeyPrefix(new byte[5]), cancellationToken: Token).ToListAsync(Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await table.EntriesAsync(KeyValueTableRange.ForPrimaryKey(new byte[4], new byte[1], null), cancellationToken: Token).ToListAsync(Token));
        Assert.Empty(await table.KeysAsync(KeyValueTableRange.All, cancellationToken: Token).ToListAsync(Token));

        // The largest value is accepted; a version read in one partition is refused in another.
        var version = await table.PutAsync(good, new byte[KeyValueTableConfiguration.MaximumValueLength], cancellationToken: Token);
        Assert.Equal(KeyValueTableConfiguration.MaximumValueLength, (await table.GetAsync(good, Token))!.Value.Length);
        KeyValueTableKey? elsewhere = null;
        for (var i = 0; elsewhere is null && i < 64; i++)
        {
            var other = await table.PutAsync(Key(i, 9), Value("o"), cancellationToken: Token);
            elsewhere = other.SegmentId != version.SegmentId ? Key(i, 9) : null;
        }
        Assert.NotNull(elsewhere);
        await Assert.ThrowsAsync<BadKeyVersionException>(() => table.PutAsync(elsewhere, Value("v"), version, Token));
        Assert.Equal("o", Text((await table.GetAsync(elsewhere, Token))!.Value));
    }

    [Fact]
    public async Task Every_operation_checks_key_lengths_and_value_sizes_and_a_refused_call_changes_nothing()
    {
        var table = await CreateAsync("badops");
        var good = Key(1, 1);
        var version = await table.PutAsync(good, Value("kept"), cancellationToken: Token);
        var shortKey = new KeyValueTableKey(new byte[4], new byte[1]);
        var longPrimary = new KeyValueTableKey(new byte[5], new byte[2]);
        var tooBig = new byte[KeyValueTableConfiguration.MaximumValueLength + 1];

        await Assert.ThrowsAsync<ArgumentException>(() => table.InsertAsync(shortKey, Value("v"), Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.InsertAsync(Key(2, 2), tooBig, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.ReplaceAsync(good, tooBig, version, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.ReplaceAsync(longPrimary, Value("v"), version, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.RemoveAsync(shortKey, cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.ExistsAsync(longPrimary, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetAllAsync([good, shortKey], Token));
        // One bad entry refuses the whole batch, good ones included.
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateAsync(
            [KeyValueModification.Put(good, Value("changed"), version), KeyValueModification.Put(Key(1, 2), tooBig)], Token));
        // An empty batch is no error and does nothing (as Pravega's client: an empty list of versions).
        Assert.Empty(await table.UpdateAsync([], Token));

        var entries = await table.EntriesAsync(KeyValueTableRange.All, cancellationToken: Token).ToListAsync(Token);
        var only = Assert.Single(entries);
        Assert.Equal((good, version, "kept"), (only.Key, only.Version, Text(only.Value)));

        // Versions cross processes as text; anything else is a FormatException.
        Assert.Equal(version, KeyValueTableVersion.Parse(version.ToString()));
        Assert.Throws<FormatException>(() => KeyValueTableVersion.Parse("12"));
        Assert.Throws<FormatException>(() => KeyValueTableVersion.Parse("a:1"));
        Assert.Throws<FormatException>(() => KeyValueTableVersion.Parse(":1"));
    }

    [Fact]
    public async Task A_table_shape_Pravega_would_refuse_is_an_ArgumentException_and_creates_nothing()
    {
        KeyValueTableConfiguration[] bad =
        [
            Shape with { PartitionCount = 0 },
            Shape with { PrimaryKeyLength = 0 },
            Shape with { SecondaryKeyLength = -1 },
            Shape with { PrimaryKeyLength = 8000, SecondaryKeyLength = 193 },
            Shape with { RolloverSizeBytes = -1 },
        ];
        foreach (var shape in bad)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => _manager.CreateKeyValueTableAsync(Scope, "bad", shape, Token));
        }
        Assert.Empty(await _manager.ListKeyValueTablesAsync(Scope, Token).ToListAsync(Token));
        await Assert.ThrowsAsync<KeyValueTableNotFoundException>(() => _factory.ForKeyValueTableAsync("bad", Token));
    }

    private async Task<IKeyValueTable> CreateAsync(string name)
    {
        Assert.True(await _manager.CreateKeyValueTableAsync(Scope, name, Shape, Token));
        return await _factory.ForKeyValueTableAsync(name, Token);
    }

    private static KeyValueTableKey Key(int primary, int secondary) =>
        new(new byte[] { 0, 0, (byte)(primary >> 8), (byte)primary }, new byte[] { (byte)(secondary >> 8), (byte)secondary });

    private static byte[] Value(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> value) => System.Text.Encoding.UTF8.GetString(value.Span);
}
