using System.Reflection;
using Herald.Model;
using Herald.Storage.Sqlite;
using NetArchTest.Rules;

namespace Herald.Tests;

/// <summary>
/// The house shape (docs/ARCHITECTURE.md): a stage folder depends only on the shared kernels (Model, Pipeline,
/// Query, Text), never on another stage; the kernels depend on no stage; Text knows no Model; storage sees only the
/// kernels; scoring harnesses stay out of the shipped library. Hosts (CLI, web, bench, tests) wire stages together.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Engine = typeof(Article).Assembly;
    private static readonly Assembly Storage = typeof(SqliteStore).Assembly;
    private static readonly Assembly Broker = typeof(Herald.Broker.BrokerClient).Assembly;

    public static readonly string[] Stages =
    [
        "Herald.Ingest", "Herald.Extract", "Herald.Dedup", "Herald.Stories", "Herald.Annotate", "Herald.Topics",
        "Herald.Publish", "Herald.Rules",
    ];

    /// <summary>The composition root: it wires stages together, so nothing it wires may depend on it.</summary>
    private const string Composition = "Herald.Composition";

    public static TheoryData<string> StageNames() => [.. Stages];

    [Theory]
    [MemberData(nameof(StageNames))]
    public void A_stage_depends_on_no_other_stage(string stage)
    {
        string[] others = [.. Stages.Where(s => s != stage), Composition];
        var result = Types.InAssembly(Engine).That().ResideInNamespace(stage).ShouldNot().HaveDependencyOnAny(others).GetResult();
        AssertKept(result, $"{stage} must not use another stage ({string.Join(", ", others)})");
    }

    [Fact]
    public void Text_knows_no_model_pipeline_or_stage()
    {
        var result = Types.InAssembly(Engine).That().ResideInNamespace("Herald.Text")
            .ShouldNot().HaveDependencyOnAny([.. Stages, Composition, "Herald.Model", "Herald.Pipeline", "Herald.Query"]).GetResult();
        AssertKept(result, "Herald.Text must stand alone");
    }

    [Fact]
    public void Model_depends_on_no_stage_and_no_pipeline()
    {
        var result = Types.InAssembly(Engine).That().ResideInNamespace("Herald.Model")
            .ShouldNot().HaveDependencyOnAny([.. Stages, Composition, "Herald.Pipeline"]).GetResult();
        AssertKept(result, "Herald.Model must depend on no stage and not on Herald.Pipeline");
    }

    [Fact]
    public void Pipeline_depends_on_no_stage()
    {
        var result = Types.InAssembly(Engine).That().ResideInNamespace("Herald.Pipeline")
            .ShouldNot().HaveDependencyOnAny([.. Stages, Composition]).GetResult();
        AssertKept(result, "Herald.Pipeline must depend on no stage");
    }

    [Fact]
    public void The_query_language_depends_on_no_stage_and_no_pipeline()
    {
        var result = Types.InAssembly(Engine).That().ResideInNamespace("Herald.Query")
            .ShouldNot().HaveDependencyOnAny([.. Stages, Composition, "Herald.Pipeline"]).GetResult();
        AssertKept(result, "Herald.Query must depend on no stage and not on Herald.Pipeline");
    }

    [Fact]
    public void Storage_depends_on_no_stage()
    {
        var result = Types.InAssembly(Storage).ShouldNot().HaveDependencyOnAny([.. Stages, Composition]).GetResult();
        AssertKept(result, "Herald.Storage must use only Model, Pipeline, Query and Text");
    }

    [Fact]
    public void The_library_and_storage_know_no_broker()
    {
        foreach (var assembly in new[] { Engine, Storage })
        {
            var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(["Herald.Broker", "RabbitMQ"]).GetResult();
            AssertKept(result, $"{assembly.GetName().Name} must not use the broker transport (the CLI host wires it)");
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name is "Herald.Broker" or "RabbitMQ.Client");
        }
    }

    [Fact]
    public void The_broker_transport_runs_no_stage_and_no_store()
    {
        var result = Types.InAssembly(Broker).ShouldNot().HaveDependencyOnAny([.. Stages, Composition, "Herald.Pipeline", "Herald.Storage"]).GetResult();
        AssertKept(result, "Herald.Broker carries messages only: the stages it drives are wired by the host (Herald.Cli/Workers)");
    }

    [Fact]
    public void The_shipped_library_holds_no_evaluation_code()
    {
        var result = Types.InAssembly(Engine).ShouldNot().HaveDependencyOn("Herald.Evaluation").GetResult();
        AssertKept(result, "Herald must not use Herald.Evaluation");

        var harnesses = Engine.GetTypes().Where(t => t.Namespace?.Split('.').Contains("Evaluation") == true)
            .Select(t => t.FullName).Distinct().ToList();
        Assert.True(harnesses.Count == 0, "Scoring harnesses belong in Herald.Evaluation, found in Herald: " + string.Join(", ", harnesses));
        Assert.DoesNotContain(Engine.GetReferencedAssemblies(), a => a.Name == "Herald.Evaluation");
    }

    private static void AssertKept(TestResult result, string rule)
    {
        var failing = (result.FailingTypeNames ?? []).Select(OuterType).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(result.IsSuccessful, rule + "; offending types: " + string.Join(", ", failing));
    }

    // Compiler-generated closures and state machines count as the type that holds them.
    private static string OuterType(string name) => name.Split('/', '+')[0];
}
