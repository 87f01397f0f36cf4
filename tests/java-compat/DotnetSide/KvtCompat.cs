using System.Text;
using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Tables;

namespace Pravega.Perf.JavaCompat;

/// <summary>
/// kvtwrite: the <see cref="KvtShape"/> table &lt;scope&gt;/kvtfromdotnet for KvtFromDotnet.java; kvtread: checks
/// &lt;scope&gt;/kvtfromjava that KvtForDotnet.java wrote, and updates an entry with the version Java handed off.
/// </summary>
internal static class KvtCompat
{
    public static async Task<int> WriteAsync(ClientConfig config, string scope)
    {
        await using (var streams = new StreamManager(config))
        {
            await streams.CreateScopeAsync(scope);
        }
        using var manager = new KeyValueTableManager(config);
        var created = await manager.CreateKeyValueTableAsync(scope, "kvtfromdotnet", KvtShape.Configuration);
        await using var factory = KeyValueTableFactory.WithScope(scope, config);
        var table = await factory.ForKeyValueTableAsync("kvtfromdotnet");
        for (var p = 0; p < KvtShape.PrimaryKeys; p++)
        {
            await table.UpdateAsync(Enumerable.Range(0, KvtShape.SecondaryKeys).Select(s => KeyValueModification.Insert(KvtShape.Key(p, s), KvtShape.Value(p, s))));
        }
        await table.RemoveAsync(KvtShape.Key(KvtShape.RemovedPrimary, KvtShape.RemovedSecondary));
        var version = (await table.GetAsync(KvtShape.Key(KvtShape.VersionedPrimary, KvtShape.VersionedSecondary)))!.Version;
        await table.PutAsync(KvtShape.HandOffKey, Encoding.UTF8.GetBytes(version.ToString()));
        Console.WriteLine($".NET wrote {KvtShape.Present} entries in {KvtShape.PrimaryKeys} atomic batches to {scope}/kvtfromdotnet (created={created}), "
            + $"removed one; version of ({KvtShape.VersionedPrimary},{KvtShape.VersionedSecondary}) handed off: {version}");
        return 0;
    }

    public static async Task<int> ReadAsync(ClientConfig config, string scope)
    {
        using var manager = new KeyValueTableManager(config);
        var shape = await manager.GetKeyValueTableConfigurationAsync(scope, "kvtfromjava");
        var shapeOk = shape.PartitionCount == KvtShape.Configuration.PartitionCount && shape.PrimaryKeyLength == KvtShape.Configuration.PrimaryKeyLength
            && shape.SecondaryKeyLength == KvtShape.Configuration.SecondaryKeyLength;
        await using var factory = KeyValueTableFactory.WithScope(scope, config);
        var table = await factory.ForKeyValueTableAsync("kvtfromjava");

        var coordinates = Enumerable.Range(0, KvtShape.PrimaryKeys).SelectMany(p => Enumerable.Range(0, KvtShape.SecondaryKeys).Select(s => (p, s))).ToList();
        var all = await table.GetAllAsync(coordinates.Select(c => KvtShape.Key(c.p, c.s)));
        int exact = 0, wrong = 0;
        for (var i = 0; i < coordinates.Count; i++)
        {
            var (p, s) = coordinates[i];
            var single = await table.GetAsync(KvtShape.Key(p, s));
            var matches = KvtShape.Removed(p, s)
                ? all[i] is null && single is null
                : all[i] is { } e && e.Value.Span.SequenceEqual(KvtShape.Value(p, s)) && single is { } g && g.Value.Span.SequenceEqual(KvtShape.Value(p, s)) && g.Version == e.Version;
            exact += matches && all[i] is not null ? 1 : 0;
            wrong += matches ? 0 : 1;
        }

        var inOrder = 0;
        for (var p = 0; p < KvtShape.PrimaryKeys; p++)
        {
            var read = new List<KeyValueTableEntry>();
            await foreach (var e in table.EntriesAsync(KeyValueTableRange.ForPrimaryKey(KvtShape.Primary(p)), pageSize: 3))
            {
                read.Add(e);
            }
            var expected = Enumerable.Range(0, KvtShape.SecondaryKeys).Where(s => !KvtShape.Removed(p, s)).ToList();
            inOrder += expected.Zip(read).Count(x => x.Second.Key.Equals(KvtShape.Key(p, x.First)) && x.Second.Value.Span.SequenceEqual(KvtShape.Value(p, x.First)));
            wrong += read.Count == expected.Count ? 0 : 1;
        }
        var iteratedAll = 0;
        await foreach (var _ in table.KeysAsync(KeyValueTableRange.All, pageSize: 5))
        {
            iteratedAll++;
        }

        var handedOff = Encoding.UTF8.GetString((await table.GetAsync(KvtShape.HandOffKey))!.Value.Span);
        var versioned = KvtShape.Key(KvtShape.VersionedPrimary, KvtShape.VersionedSecondary);
        var dotnetRead = (await table.GetAsync(versioned))!.Version;
        var javaVersion = KeyValueTableVersion.Parse(handedOff);
        var after = await table.PutAsync(versioned, "dotnet-was-here"u8.ToArray(), javaVersion);
        var staleRefused = false;
        try
        {
            await table.ReplaceAsync(versioned, "stale"u8.ToArray(), javaVersion);
        }
        catch (ConditionalTableUpdateException)
        {
            staleRefused = true;
        }
        var now = Encoding.UTF8.GetString((await table.GetAsync(versioned))!.Value.Span);
        Console.WriteLine($".NET read {scope}/kvtfromjava: config {shape.PartitionCount}x({shape.PrimaryKeyLength}+{shape.SecondaryKeyLength}) {(shapeOk ? "OK" : "WRONG")}; "
            + $"byte-exact entries {exact}, wrong {wrong}; by primary key in order {inOrder}; all keys iterated {iteratedAll}");
        Console.WriteLine($"version handed off by Java {handedOff}, read by .NET {dotnetRead}; conditional put with it -> {after}, again (stale) refused={staleRefused}, value now '{now}'");
        var ok = shapeOk && wrong == 0 && exact == KvtShape.Present && inOrder == KvtShape.Present && iteratedAll == KvtShape.Present + 1
            && handedOff == dotnetRead.ToString() && staleRefused && now == "dotnet-was-here";
        Console.WriteLine("KVT INTEROP RESULT: " + (ok ? "OK" : "MISMATCH"));
        return ok ? 0 : 1;
    }
}
