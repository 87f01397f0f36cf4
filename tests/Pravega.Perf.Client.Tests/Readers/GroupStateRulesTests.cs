using CsCheck;
using Pravega.Perf.Client.Readers;

namespace Pravega.Perf.Client.Tests.Readers;

/// <summary>The rules by which readers share a group's segments, checked on states without any server.</summary>
public sealed class GroupStateRulesTests
{
    private static string Seg(int number, int epoch = 0) => $"sc/s/{number}.#epoch.{epoch}";

    private static GroupState StateWith(int segments, params string[] readers)
    {
        var state = new GroupState { Settings = new GroupSettings { Streams = ["sc/s"] } };
        for (var i = 0; i < segments; i++)
        {
            state.Unassigned[Seg(i)] = i * 10;
        }
        foreach (var reader in readers)
        {
            state = GroupStateRules.AddReader(state, reader)!;
        }
        return state;
    }

    /// <summary>Lets every reader rebalance in turn until nobody changes anything.</summary>
    private static GroupState Settle(GroupState state)
    {
        for (var round = 0; round < 100; round++)
        {
            var changed = false;
            foreach (var reader in state.Readers.Keys.ToList())
            {
                var positions = state.Readers[reader].ToDictionary(p => p.Key, p => p.Value);
                if (GroupStateRules.Rebalance(state, state.Generation, reader, positions) is { } next)
                {
                    state = next;
                    changed = true;
                }
            }
            if (!changed)
            {
                return state;
            }
        }
        throw new InvalidOperationException("rebalancing did not settle in 100 rounds");
    }

    private static void AssertOwnedOnceAndBalanced(GroupState state, int segments)
    {
        var owned = state.Readers.Values.SelectMany(r => r.Keys).ToList();
        Assert.Empty(state.Unassigned);
        Assert.Equal(segments, owned.Count);
        Assert.Equal(segments, owned.Distinct().Count());
        var counts = state.Readers.Values.Select(r => r.Count).ToList();
        Assert.True(counts.Max() - counts.Min() <= 1, $"unbalanced: {string.Join(",", counts)}");
    }

    [Fact]
    public void Readers_joining_one_by_one_end_up_owning_every_segment_once_and_evenly()
    {
        Gen.Int[1, 24].Select(Gen.Int[1, 8]).Sample((segments, readers) =>
        {
            var state = StateWith(segments, "r0");
            state = Settle(state);
            for (var r = 1; r < readers; r++)
            {
                state = Settle(GroupStateRules.AddReader(state, "r" + r)!);
                AssertOwnedOnceAndBalanced(state, segments);
            }
        }, iter: 200);
    }

    [Fact]
    public void A_reader_leaving_returns_its_segments_at_the_position_given_and_the_others_take_them()
    {
        var state = Settle(StateWith(6, "a", "b", "c"));
        var leaving = state.Readers["b"].Keys.ToList();
        var positions = leaving.ToDictionary(s => s, _ => 4242L);
        state = GroupStateRules.RemoveReader(state, "b", positions)!;
        Assert.All(leaving, s => Assert.Equal(4242L, state.Unassigned[s]));
        state = Settle(state);
        AssertOwnedOnceAndBalanced(state, 6);
        Assert.All(leaving, s => Assert.Equal(4242L, state.Readers.Values.Single(r => r.ContainsKey(s))[s]));
    }

    [Fact]
    public void A_successor_of_a_merge_becomes_readable_only_after_both_predecessors_are_read_to_their_end()
    {
        var state = Settle(StateWith(2, "a"));
        var successors = new Dictionary<string, IReadOnlyList<string>> { [Seg(2, 1)] = [Seg(0), Seg(1)] };
        state = GroupStateRules.CompleteSegment(state, 0, "a", Seg(0), successors)!;
        Assert.Empty(state.Unassigned);
        Assert.Equal([Seg(1)], state.Future[Seg(2, 1)]);
        state = GroupStateRules.CompleteSegment(state, 0, "a", Seg(1), successors)!;
        Assert.Empty(state.Future);
        Assert.Equal(0L, state.Unassigned[Seg(2, 1)]);
        Assert.False(GroupStateRules.IsReadCompleted(state));
        state = Settle(state);
        state = GroupStateRules.CompleteSegment(state, 0, "a", Seg(2, 1), new Dictionary<string, IReadOnlyList<string>>())!;
        Assert.True(GroupStateRules.IsReadCompleted(state));
    }

    [Fact]
    public void Predecessors_before_the_start_cut_are_not_waited_for()
    {
        var state = new GroupState { Settings = new GroupSettings { Streams = ["sc/s"] } };
        state.Unassigned[Seg(3, 2)] = 0;
        state.StartEpochs["sc/s"] = 2;
        state = Settle(GroupStateRules.AddReader(state, "a")!);
        var successors = new Dictionary<string, IReadOnlyList<string>> { [Seg(5, 3)] = [Seg(3, 2), Seg(1, 1)] };
        state = GroupStateRules.CompleteSegment(state, 0, "a", Seg(3, 2), successors)!;
        Assert.Equal(0L, state.Unassigned[Seg(5, 3)]);
    }

    [Fact]
    public void Nothing_changes_owner_while_a_checkpoint_is_outstanding_and_its_positions_form_a_cut()
    {
        var state = Settle(StateWith(4, "a"));
        state = GroupStateRules.AddReader(state, "b")!;
        state = GroupStateRules.CreateCheckpoint(state, "cp", silent: false);
        Assert.Null(GroupStateRules.Rebalance(state, 0, "a", state.Readers["a"]));
        Assert.Null(GroupStateRules.Rebalance(state, 0, "b", state.Readers["b"]));
        Assert.Equal("cp", GroupStateRules.PendingCheckpoint(state, "a")!.Name);

        // A reader with the checkpoint pending completes nothing before passing it.
        var none = new Dictionary<string, IReadOnlyList<string>>();
        Assert.Null(GroupStateRules.CompleteSegment(state, 0, "a", Seg(0), none));

        state = GroupStateRules.PassCheckpoint(state, 0, "a", "cp", new Dictionary<string, long> { [Seg(0)] = 100, [Seg(1)] = 110, [Seg(2)] = 120, [Seg(3)] = 130 })!;
        Assert.False(state.Checkpoints.Single().IsComplete);
        state = GroupStateRules.RemoveReader(state, "b", null)!;
        var checkpoint = state.Checkpoints.Single();
        Assert.True(checkpoint.IsComplete);
        Assert.Equal([Seg(0), Seg(1), Seg(2), Seg(3)], checkpoint.Positions.Keys);
        Assert.Equal(130L, checkpoint.Positions[Seg(3)]);
        Assert.NotNull(GroupStateRules.CompleteSegment(state, 0, "a", Seg(0), none));
    }

    [Fact]
    public void Checkpoints_beyond_the_limit_are_refused_and_names_are_unique()
    {
        var state = StateWith(1, "a");
        state.Settings.MaxOutstandingCheckpoints = 2;
        state = GroupStateRules.CreateCheckpoint(state, "1", silent: false);
        state = GroupStateRules.CreateCheckpoint(state, "2", silent: false);
        Assert.Throws<MaxNumberOfCheckpointsExceededException>(() => GroupStateRules.CreateCheckpoint(state, "3", silent: false));
        Assert.Throws<InvalidOperationException>(() => GroupStateRules.CreateCheckpoint(state, "1", silent: true));
        state = GroupStateRules.CreateCheckpoint(state, "silent", silent: true);
        Assert.Equal(3, state.Checkpoints.Count);
        Assert.Empty(GroupStateRules.CancelOutstandingCheckpoints(state)!.Checkpoints);
    }

    [Fact]
    public void A_reader_id_cannot_join_twice_and_rules_of_an_old_generation_change_nothing()
    {
        var state = StateWith(2, "a");
        Assert.Throws<InvalidOperationException>(() => GroupStateRules.AddReader(state, "a"));
        Assert.Null(GroupStateRules.Rebalance(state, generation: 7, "a", new Dictionary<string, long>()));
    }

    [Fact]
    public void The_state_survives_its_serialized_form()
    {
        var state = Settle(StateWith(3, "a", "b"));
        state.EndOffsets[Seg(1)] = 99;
        state = GroupStateRules.CreateCheckpoint(state, "cp", silent: false);
        var copy = GroupStateSerializer.Instance.Deserialize(GroupStateSerializer.Instance.Serialize(state));
        Assert.Equal(GroupStateSerializer.Instance.Serialize(state).ToArray(), GroupStateSerializer.Instance.Serialize(copy).ToArray());
        Assert.Equal(state.Readers["a"], copy.Readers["a"]);
    }

    [Fact]
    public void Qualified_segment_names_parse_back_to_segments()
    {
        var segment = SegmentNames.Parse("scope/stream/7.#epoch.3");
        Assert.Equal(("scope", "stream", 7, 3), (segment.Stream.Scope, segment.Stream.Name, segment.Number, segment.Epoch));
        Assert.Equal("scope/stream/7.#epoch.3", segment.QualifiedName);
        Assert.Equal(0, SegmentNames.Parse("a/b/4").Epoch);
        Assert.Throws<FormatException>(() => SegmentNames.Parse("a/4"));
    }
}
