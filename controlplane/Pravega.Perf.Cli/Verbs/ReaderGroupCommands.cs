using System.CommandLine;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// <c>pravega readergroup list|info</c>. A reader group keeps its state in the stream <c>_RG&lt;name&gt;</c> of its
/// scope, so listing those streams lists the groups.
/// </summary>
internal static class ReaderGroupCommands
{
    private const string StatePrefix = "_RG";

    public static Command Build()
    {
        var group = new Command("readergroup", "List reader groups and show their readers, positions and unread bytes.");
        group.Subcommands.Add(List());
        group.Subcommands.Add(Info());
        return group;
    }

    private static Command List()
    {
        var scopeName = Names.Scope();
        return CommonOptions.Verb("list", "List the reader groups of a scope.", async (parse, ct) =>
        {
            var scope = parse.GetValue(scopeName)!;
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            await StreamLookup.RequireScopeAsync(streams, scope, ct).ConfigureAwait(false);
            var names = new List<string>();
            await foreach (var stream in streams.ListStreamsAsync(scope, cancellationToken: ct).ConfigureAwait(false))
            {
                if (stream.Name.StartsWith(StatePrefix, StringComparison.Ordinal))
                {
                    names.Add(stream.Name[StatePrefix.Length..]);
                }
            }
            names.Sort(StringComparer.Ordinal);
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new { scope, readerGroups = names }).ConfigureAwait(false);
            }
            else
            {
                await Output.TableAsync(["READER GROUP"], names.Select(n => new[] { $"{scope}/{n}" })).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }, scopeName);
    }

    private static Command Info()
    {
        var name = Names.Name("group", "The reader group, as <scope>/<group>.");
        return CommonOptions.Verb("info", "Show a reader group's online readers, positions (a StreamCut per stream) and unread bytes.", async (parse, ct) =>
        {
            var (scope, groupName) = Names.Split(parse.GetValue(name)!);
            await using var groups = ReaderGroupManager.WithScope(scope, CommonOptions.Config(parse));
            using var group = await groups.GetReaderGroupAsync(groupName, ct).ConfigureAwait(false);
            var readers = await group.GetOnlineReadersAsync(ct).ConfigureAwait(false);
            var cuts = await group.GetStreamCutsAsync(ct).ConfigureAwait(false);
            var unread = await group.GetUnreadBytesAsync(ct).ConfigureAwait(false);
            var positions = cuts.OrderBy(c => c.Key.ScopedName, StringComparer.Ordinal)
                .Select(c => new { stream = c.Key.ScopedName, position = StreamCutText.Format(c.Value) }).ToList();
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new { scope, readerGroup = groupName, readers = readers.Order(StringComparer.Ordinal), positions, unreadBytes = unread }).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            await Output.PairsAsync(
            [
                ("reader group", $"{scope}/{groupName}"),
                ("readers", readers.Count == 0 ? "(none online)" : string.Join(", ", readers.Order(StringComparer.Ordinal))),
                ("unread", $"{unread:N0} bytes"),
            ]).ConfigureAwait(false);
            await Console.Out.WriteLineAsync().ConfigureAwait(false);
            await Output.TableAsync(["STREAM", "POSITION"], positions.Select(p => new[] { p.stream, p.position })).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name);
    }
}
