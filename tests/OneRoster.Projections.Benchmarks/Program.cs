using OneRoster.Projections.Benchmarks;

// The measuring side of benchmarks/run.sh. Each command prints a Markdown section to standard output,
// which run.sh appends to the results file; progress goes to standard error.
//   district      --students N --seed S                          what the generator produces
//   initial-sync  --students N --seed S --api URL --projector-pid P --projector-log F --poller-log F
//                 --timeout SECONDS                                 empty store → every document served
//   freshness     --sandbox URL --api URL --rate 50 --seconds 60  sandbox write → API serves it
//   replay        --postgres CONN --tenant T [--only full|rewrite|incremental]   recompute from the source store, by phase
//   store         --postgres CONN --tenant T --students N         generated district → source store → first recompute
//   delta-prep    --sandbox URL --rostering URL --api-token T --count 100   change N students, print the delta filter
//   mapping       --students N --seed S                          OneRosterMapper.Project in memory
var arguments = Arguments.Parse(args);
try
{
    return args.Length == 0 ? Usage() : await Run(args[0], arguments);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return Usage();
}

static async Task<int> Run(string command, Arguments arguments) =>
    command switch
    {
        "district" => DistrictCommand.Run(arguments),
        "initial-sync" => await InitialSync.RunAsync(arguments),
        "freshness" => await Freshness.RunAsync(arguments),
        "replay" => await Replay.RunAsync(arguments),
        "store" => await StoreCommand.RunAsync(arguments),
        "delta-prep" => await DeltaPrep.RunAsync(arguments),
        "mapping" => MappingCommand.Run(arguments),
        _ => Usage(),
    };

static int Usage()
{
    Console.Error.WriteLine(
        "Usage: OneRoster.Projections.Benchmarks district|initial-sync|freshness|replay|store|delta-prep|mapping [--name value]…"
    );
    return 2;
}
