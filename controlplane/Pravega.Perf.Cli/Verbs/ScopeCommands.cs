using System.CommandLine;
using Pravega.Perf.Client.Admin;

namespace Pravega.Perf.Cli.Verbs;

/// <summary><c>pravega scope create|list|delete</c>.</summary>
internal static class ScopeCommands
{
    public static Command Build()
    {
        var scope = new Command("scope", "Create, list and delete scopes.");
        scope.Subcommands.Add(Create());
        scope.Subcommands.Add(List());
        scope.Subcommands.Add(Delete());
        return scope;
    }

    private static Command Create()
    {
        var name = Names.Scope();
        return CommonOptions.Verb("create", "Create a scope (nothing happens if it exists).", async (parse, ct) =>
        {
            var scope = parse.GetValue(name)!;
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            var created = await streams.CreateScopeAsync(scope, ct).ConfigureAwait(false);
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json), created ? $"scope {scope} created" : $"scope {scope} already exists",
                new { scope, created }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name);
    }

    private static Command List() =>
        CommonOptions.Verb("list", "List the scopes.", async (parse, ct) =>
        {
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            var scopes = new List<string>();
            await foreach (var scope in streams.ListScopesAsync(ct).ConfigureAwait(false))
            {
                scopes.Add(scope);
            }
            scopes.Sort(StringComparer.Ordinal);
            if (parse.GetValue(CommonOptions.Json))
            {
                await Output.JsonAsync(new { scopes }).ConfigureAwait(false);
            }
            else
            {
                await Output.TableAsync(["SCOPE"], scopes.Select(s => new[] { s })).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });

    private static Command Delete()
    {
        var name = Names.Scope();
        var recursive = new Option<bool>("--recursive") { Description = "Also seal and delete its streams, reader groups and tables." };
        return CommonOptions.Verb("delete", "Delete a scope (empty, unless --recursive).", async (parse, ct) =>
        {
            var scope = parse.GetValue(name)!;
            await using var streams = new StreamManager(CommonOptions.Config(parse));
            try
            {
                if (!await streams.DeleteScopeAsync(scope, parse.GetValue(recursive), ct).ConfigureAwait(false))
                {
                    throw VerbFailure.NotFound($"scope {scope} does not exist; 'pravega scope list' shows the scopes");
                }
            }
            catch (InvalidOperationException e)
            {
                throw new VerbFailure(ExitCodes.ServerFailure, $"{e.Message}: delete them first or add --recursive");
            }
            await Output.DoneAsync(parse.GetValue(CommonOptions.Json), $"scope {scope} deleted", new { scope, deleted = true }).ConfigureAwait(false);
            return ExitCodes.Success;
        }, name, recursive);
    }
}
