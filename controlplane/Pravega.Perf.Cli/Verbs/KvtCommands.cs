using System.CommandLine;
using System.Text;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Tables;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// <c>pravega kvt create|put|get|list</c>: key-value tables with text keys and values. A table's primary keys have one
/// fixed length (<c>--key-length</c> at create); a shorter key typed here is padded with zero bytes, which
/// <c>get</c> and <c>list</c> strip again. No secondary keys.
/// </summary>
internal static class KvtCommands
{
    public static Command Build()
    {
        var kvt = new Command("kvt", "Create key-value tables, put, get and list their entries.");
        kvt.Subcommands.Add(Create());
        kvt.Subcommands.Add(Put());
        kvt.Subcommands.Add(Get());
        kvt.Subcommands.Add(List());
        return kvt;
    }

    private static Argument<string> Table() => Names.Name("table", "The key-value table, as <scope>/<table>.");

    private static Command Create()
    {
        var name = Table();
        var partitions = new Option<int>("--partitions") { Description = "Partitions (table segments) of the table.", DefaultValueFactory = _ => 1 };
        var keyLength = new Option<int>("--key-length") { Description = "Bytes of every key (shorter keys are padded).", DefaultValueFactory = _ => 16 };
        return CommonOptions.Verb("create", "Create a key-value table.", async (parse, ct) =>
        {
            var (scope, table) = Names.Split(parse.GetValue(name)!);
            var configuration = new KeyValueTableConfiguration { PartitionCount = parse.GetValue(partitions), PrimaryKeyLength = parse.GetValue(keyLength) };
            try
            {
                configuration.Validate();
            }
            catch (ArgumentException e)
            {
                throw VerbFailure.BadArguments($"{e.Message.ReplaceLineEndings(" ")} (--partitions ≥ 1, --key-length 1…{KeyValueTableConfiguration.MaximumKeyLength})");
            }
            var config = CommonOptions.Config(parse);
            await using (var streams = new StreamManager(config))
            {
                await StreamLookup.RequireScopeAsync(streams, scope, ct).ConfigureAwait(false);
            }
            using var tables = new KeyValueTableManager(config);
            var created = await tables.CreateKeyValueTableAsync(scope, table, configuration, ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json),
                created ? $"key-value table {scope}/{table} created ({configuration.PartitionCount} partitions, {configuration.PrimaryKeyLength}-byte keys)"
                    : $"key-value table {scope}/{table} already exists",
                new { scope, table, created }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name, partitions, keyLength);
    }

    private static Command Put()
    {
        var name = Table();
        var key = new Argument<string>("key") { Description = "The key (text)." };
        var value = new Argument<string>("value") { Description = "The value (text)." };
        return CommonOptions.Verb("put", "Set a key's value (insert or replace).", async (parse, ct) =>
        {
            var (scope, table) = Names.Split(parse.GetValue(name)!);
            await using var factory = KeyValueTableFactory.WithScope(scope, CommonOptions.Config(parse));
            var kvt = await factory.ForKeyValueTableAsync(table, ct).ConfigureAwait(false);
            var version = await kvt.PutAsync(Key(kvt, parse.GetValue(key)!), Encoding.UTF8.GetBytes(parse.GetValue(value)!), cancellationToken: ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json), $"{parse.GetValue(key)} set (version {version.SegmentVersion})",
                new { key = parse.GetValue(key), version = version.SegmentVersion }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name, key, value);
    }

    private static Command Get()
    {
        var name = Table();
        var key = new Argument<string>("key") { Description = "The key (text)." };
        return CommonOptions.Verb("get", "Print a key's value (exit code 4 when the key is absent).", async (parse, ct) =>
        {
            var (scope, table) = Names.Split(parse.GetValue(name)!);
            await using var factory = KeyValueTableFactory.WithScope(scope, CommonOptions.Config(parse));
            var kvt = await factory.ForKeyValueTableAsync(table, ct).ConfigureAwait(false);
            var entry = await kvt.GetAsync(Key(kvt, parse.GetValue(key)!), ct).ConfigureAwait(false)
                ?? throw VerbFailure.NotFound($"key '{parse.GetValue(key)}' is not in {scope}/{table}; 'pravega kvt list {scope}/{table}' shows the keys");
            var text = Encoding.UTF8.GetString(entry.Value.Span);
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new { key = parse.GetValue(key), value = text, version = entry.Version.SegmentVersion }).ConfigureAwait(false);
            }
            else
            {
                await Console.Out.WriteLineAsync(text).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }, name, key);
    }

    private static Command List()
    {
        var name = Table();
        return CommonOptions.Verb("list", "List a table's entries.", async (parse, ct) =>
        {
            var (scope, table) = Names.Split(parse.GetValue(name)!);
            await using var factory = KeyValueTableFactory.WithScope(scope, CommonOptions.Config(parse));
            var kvt = await factory.ForKeyValueTableAsync(table, ct).ConfigureAwait(false);
            var entries = new List<(string Key, string Value)>();
            await foreach (var entry in kvt.EntriesAsync(KeyValueTableRange.All, cancellationToken: ct).ConfigureAwait(false))
            {
                entries.Add((Encoding.UTF8.GetString(entry.Key.PrimaryKey.Span).TrimEnd('\0'), Encoding.UTF8.GetString(entry.Value.Span)));
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new { scope, table, entries = entries.Select(e => new { key = e.Key, value = e.Value }) }).ConfigureAwait(false);
            }
            else
            {
                await Output.TableAsync(["KEY", "VALUE"], entries.Select(e => new[] { e.Key, e.Value })).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }, name);
    }

    private static KeyValueTableKey Key(IKeyValueTable table, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = table.Configuration.PrimaryKeyLength;
        if (bytes.Length == 0 || bytes.Length > length)
        {
            throw VerbFailure.BadArguments($"key '{text}' must be 1…{length} bytes (the table's key length)");
        }
        var key = new byte[length];
        bytes.CopyTo(key, 0);
        return new KeyValueTableKey(key);
    }
}
