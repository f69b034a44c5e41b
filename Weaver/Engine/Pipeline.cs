using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AutoDiff.Weaver.Analysis;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Differentiation.Forward;
using AutoDiff.Weaver.Differentiation.Reverse;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.Frontend.Inlining;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>
    /// Every pass the engine runs on a derivative, in order, in one list (as ILSpy's
    /// <c>CSharpDecompiler.GetILTransforms</c>): a new pass goes into <see cref="Standard"/>, at
    /// the place its comment says it needs, never at the end of an emitter. The engine runs the
    /// stages up to <see cref="PassStage.Optimisation"/> as it builds each derivative and
    /// <see cref="PassStage.Backend"/> once all are built (a module is written all or nothing).
    /// With <see cref="Verifies"/> (the tests turn it on with AUTODIFF_VERIFY_IR=1), the IR is
    /// checked by <see cref="IrVerifier"/> after every pass, and a failure names the pass that
    /// left it broken and the function.
    /// </summary>
    public sealed class Pipeline
    {
        /// <summary>The environment variable that turns verification after every pass on ("1"), read once; the test assembly sets it.</summary>
        public const string VerifyVariable = "AUTODIFF_VERIFY_IR";

        public Pipeline(IEnumerable<PipelineStep> steps, bool verifies)
        {
            Steps = steps.ToList();
            Verifies = verifies;
        }

        /// <summary>The engine's passes, verified after each one when AUTODIFF_VERIFY_IR=1.</summary>
        public static Pipeline Standard { get; } = new Pipeline(StandardSteps(), Environment.GetEnvironmentVariable(VerifyVariable) == "1");

        public IReadOnlyList<PipelineStep> Steps { get; }

        /// <summary>Whether the IR is verified after every pass (off in normal builds: it costs time, and the finished derivative is verified anyway).</summary>
        public bool Verifies { get; }

        private static IEnumerable<PipelineStep> StandardSteps()
        {
            // Inlining first: the SSA builder follows a struct method's `this` only within one body.
            yield return new PipelineStep(PassStage.Inlining, new Pass(nameof(CallInliner), c => c.Method = CallInliner.Run(c.Weave, c.Request.Primal, c.Request.Mode)),
                "helpers' IL inlined into the primal's");

            // Refuses what the frontend cannot read (no body, try blocks, types it does not model) before reading any of it.
            yield return new PipelineStep(PassStage.Frontend, new Pass(nameof(CfgBuilder), c =>
            {
                c.Primal = PrimalReader.Outline(c.Method);
                c.Cfg = CfgBuilder.Build(c.Method.Body);
            }), "IL → basic blocks");
            yield return new PipelineStep(PassStage.Frontend, new Pass(nameof(SsaBuilder), c => SsaBuilder.Build(c.Primal, c.Method, c.Cfg)),
                "blocks → SSA (stack slots, locals, struct fields become values)");
            yield return new PipelineStep(PassStage.Frontend, new Pass(nameof(RemoveTrivialPhis), c => RemoveTrivialPhis.Run(c.Primal)),
                "phis of one value, and unused phis, removed");
            yield return new PipelineStep(PassStage.Frontend, new Pass(nameof(RemoveDeadStructValues), c => RemoveDeadStructValues.Run(c.Primal)),
                "whole-struct values nobody reads removed");
            yield return new PipelineStep(PassStage.Frontend, new Pass(nameof(RemoveRedundantLoads), c => RemoveRedundantLoads.Run(c.Primal)),
                "a second load of one slot in a block, with no write between, is the first");

            // Every analysis reads the calls' marks: inactive calls let no derivative through.
            yield return new PipelineStep(PassStage.Analysis, new Pass(nameof(MarkCalls), c => MarkCalls.Run(c.Primal, c.Weave, c.Request.Mode)),
                "calls marked inactive, or as calling a derivative");
            // Activity needs the shadows: a load from memory with a shadow is active.
            yield return new PipelineStep(PassStage.Analysis, new Pass(nameof(ShadowAnalysis), c => c.Shadows = ShadowAnalysis.Run(c.Primal, c.ShadowedParameters)),
                "which memory has a shadow");
            yield return new PipelineStep(PassStage.Analysis, new Pass(nameof(ActivityAnalysis), c => c.Activity = ActivityAnalysis.Run(c.Primal, c.ActiveParameters, c.Request.ReturnIsActive, c.Shadows)),
                "which values carry derivatives");
            yield return new PipelineStep(PassStage.Analysis, new Pass(nameof(LostDerivativeCheck), c => LostDerivativeCheck.Run(c.Primal, c.Activity, c.Shadows)),
                "refuses derivatives that would vanish (stored where no shadow follows)");
            yield return new PipelineStep(PassStage.Analysis, new Pass(nameof(ReturnedArrayCheck), c => ReturnedArrayCheck.Run(c.Primal, c.Request.Name, c.Request.ReturnsShadowedArray)),
                "refuses a returned array with a derivative that the method does not make");

            yield return new PipelineStep(PassStage.Differentiation, new Pass(nameof(ForwardEmitter), c => c.Derivative = ForwardEmitter.Build(c.Weave, NewFrame(c), c.Activity, c.Shadows)),
                "the primal with a tangent beside every active value", DerivativeMode.Forward);
            yield return new PipelineStep(PassStage.Differentiation, new Pass(nameof(ReverseEmitter), c => c.Derivative = ReverseEmitter.Build(c.Weave, NewFrame(c), c.Activity, c.Shadows)),
                "forward sweep, then reverse sweep accumulating adjoints", DerivativeMode.Reverse);

            // Zero adjoints first (what is added to a zero variable is the value itself), so that
            // slot forwarding sees a slot's value come back; its own folds may leave more zeros.
            yield return new PipelineStep(PassStage.Optimisation, new Pass(nameof(AdjointZeroAdds), c => AdjointZeroAdds.Fold(c.Derivative)),
                "additions to an adjoint known to be zero folded", DerivativeMode.Reverse);
            yield return new PipelineStep(PassStage.Optimisation, new Pass(nameof(ShadowSlotForwarding), c => ShadowSlotForwarding.Run(c.Derivative)),
                "what a shadow slot holds forwarded to its next read; dead stores dropped", DerivativeMode.Reverse);
            yield return new PipelineStep(PassStage.Optimisation, new Pass(nameof(AdjointZeroAdds), c => AdjointZeroAdds.Fold(c.Derivative)),
                "again, for the zeros slot forwarding made", DerivativeMode.Reverse);

            // Last change to the IR: the emitter then names no private field of a framework struct.
            yield return new PipelineStep(PassStage.Backend, new Pass(nameof(PublicFieldAccess), c => PublicFieldAccess.Run(c.Derivative, c.Stub.Module)),
                "framework structs (Complex, PointF) built and read through their public constructor and getters");
            yield return new PipelineStep(PassStage.Backend, new Pass(nameof(IlEmitter), c => IlEmitter.Emit(c.Derivative, c.Stub)),
                "SSA → IL, written into the declaration's body");
            // After the body is written: it names the members to widen.
            yield return new PipelineStep(PassStage.Backend, new Pass(nameof(AccessWidening), c => AccessWidening.Run(c.Stub, c.Weave.Edits)),
                "private members the body reaches in other types made internal");
        }

        private static DerivativeFrame NewFrame(PassContext c) => new DerivativeFrame(c.Request, c.Signature, c.Stub, c.Primal);

        /// <summary>Runs, in order, the passes of stages <paramref name="first"/> to <paramref name="last"/> that apply to the context's mode.</summary>
        public void Run(PassContext context, PassStage first, PassStage last)
        {
            for (int k = 0; k < Steps.Count; k++)
            {
                var step = Steps[k];
                if (step.Stage < first || step.Stage > last || !step.RunsOn(context)) continue;
                step.Pass.Run(context);
                if (Verifies) Verify(context, k);
            }
        }

        private void Verify(PassContext context, int index)
        {
            if (context.Ir is not var (function, isSsa)) return;
            var problems = IrVerifier.Verify(function, checkDominance: isSsa);
            if (problems.Count == 0) return;
            throw new InvalidOperationException(
                $"IR verification failed after pass {index + 1} {Steps[index].Pass.Name}: {context.Describe(function)} is malformed: {string.Join("; ", problems)}");
        }

        /// <summary>The same passes, verified after each one or not.</summary>
        public Pipeline WithVerification(bool verifies) => new Pipeline(Steps, verifies);

        /// <summary>The same passes with <paramref name="pass"/> inserted after the first pass named <paramref name="after"/>, in its stage and mode (tests insert broken passes).</summary>
        public Pipeline InsertAfter(string after, IPass pass)
        {
            var steps = Steps.ToList();
            var k = steps.FindIndex(s => s.Pass.Name == after);
            if (k < 0) throw new ArgumentException($"no pass is named '{after}'", nameof(after));
            steps.Insert(k + 1, new PipelineStep(steps[k].Stage, pass, "inserted", steps[k].OnlyIn));
            return new Pipeline(steps, Verifies);
        }

        /// <summary>The pass list as <c>autodiff passes</c> prints it: by stage, numbered in the order the passes run.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            var width = Steps.Max(s => s.Pass.Name.Length);
            PassStage? stage = null;
            for (int k = 0; k < Steps.Count; k++)
            {
                var step = Steps[k];
                if (step.Stage != stage)
                {
                    stage = step.Stage;
                    text.AppendLine(Heading(step.Stage));
                }
                var mode = step.OnlyIn == null ? "" : $" ({step.OnlyIn.Value.ToString().ToLowerInvariant()} mode only)";
                text.Append($"{k + 1,4} ").Append(step.Pass.Name.PadRight(width)).Append("  ").Append(step.What).AppendLine(mode);
            }
            return text.ToString();
        }

        private static string Heading(PassStage stage) => stage switch
        {
            PassStage.Inlining => "inlining: IL → IL",
            PassStage.Frontend => "frontend: IL → SSA",
            PassStage.Analysis => "analysis: facts about the primal",
            PassStage.Differentiation => "differentiation: primal → derivative",
            PassStage.Optimisation => "optimisation of the derivative",
            _ => "backend: IR → IL, once every derivative of the module is built",
        };
    }
}
