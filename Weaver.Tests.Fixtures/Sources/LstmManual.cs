using System;
using System.Buffers;

namespace Fixtures
{
    /// <summary>
    /// A hand-written gradient of <see cref="Lstm.Objective"/> (ADBench's LSTM), the "Manual"
    /// baseline the woven <c>Lstm.ObjectiveGrad</c> is compared with: backpropagation through time.
    /// Same signature and contract as the woven derivative: returns the loss, leaves the final state
    /// in <c>state</c> as the objective does, adds <c>dret</c> times the gradient into
    /// <c>dmain</c> and <c>dextra</c>, and reads <c>dstate</c> as the seed of the final state,
    /// leaving in it the derivative with respect to the initial state.
    /// <para>
    /// The forward pass keeps every step's state and gates in a <see cref="Workspace"/> (pass one
    /// to reuse it across calls; without one, the call rents one from the shared array pool); the
    /// backward pass walks the steps in reverse, layer by layer from the top, carrying the adjoints
    /// of each layer's hidden and cell state.
    /// </para>
    /// </summary>
    public static class LstmManual
    {
        /// <summary>What the backward pass reads, for l layers, c characters, width b.</summary>
        public sealed class Workspace
        {
            public Workspace(int l, int c, int b) : this(l, c, b, pooled: false)
            {
            }

            private Workspace(int l, int c, int b, bool pooled)
            {
                if (l < 1 || c < 1 || b < 1) throw new ArgumentOutOfRangeException(nameof(l), "l, c and b must be positive.");
                (L, C, B, _pooled) = (l, c, b, pooled);
                // Pooled arrays may be longer than asked and hold old values: every use below
                // slices its own length, and every element is written before it is read.
                double[] New(int length) => pooled ? ArrayPool<double>.Shared.Rent(length) : new double[length];
                Hidden = New(c * l * b);
                Cell = New(c * l * b);
                Gates = New((c - 1) * l * 5 * b);
                Probabilities = New((c - 1) * b);
                X = New(b);
                DHidden = New(l * b);
                DCell = New(l * b);
            }

            /// <summary>A workspace whose arrays come from the shared pool; <see cref="Return"/> gives them back.</summary>
            internal static Workspace Rent(int l, int c, int b) => new Workspace(l, c, b, pooled: true);

            internal void Return()
            {
                if (!_pooled) return;
                var pool = ArrayPool<double>.Shared;
                pool.Return(Hidden);
                pool.Return(Cell);
                pool.Return(Gates);
                pool.Return(Probabilities);
                pool.Return(X);
                pool.Return(DHidden);
                pool.Return(DCell);
            }

            private readonly bool _pooled;

            public int L { get; }
            public int C { get; }
            public int B { get; }

            /// <summary>Hidden and cell state before step t of each layer, [(t·l + layer)·b + i]; t = c − 1 is the final state.</summary>
            internal readonly double[] Hidden, Cell;

            /// <summary>Step t, layer's forget, input, output gates, change, tanh(new cell): [(t·l + layer)·5b + g·b + i].</summary>
            internal readonly double[] Gates;

            /// <summary>Step t's exp(ypred_i) / (Σ exp(ypred) + 2): [t·b + i].</summary>
            internal readonly double[] Probabilities;

            /// <summary>Scratch: the input row; in the backward pass, the adjoint of a layer's input.</summary>
            internal readonly double[] X;

            /// <summary>Adjoints of each layer's hidden and cell state, [layer·b + i].</summary>
            internal readonly double[] DHidden, DCell;
        }

        /// <summary>As the overload with a workspace, with one rented from the shared array pool for this call (as woven tapes are).</summary>
        public static double ObjectiveGrad(int l, int c, int b, double[] main, double[] dmain, double[] extra, double[] dextra,
            double[] state, double[] dstate, double[] sequence, double dret)
        {
            var workspace = Workspace.Rent(l, c, b);
            try
            {
                return ObjectiveGrad(l, c, b, main, dmain, extra, dextra, state, dstate, sequence, dret, workspace);
            }
            finally
            {
                workspace.Return();
            }
        }

        public static double ObjectiveGrad(int l, int c, int b, double[] main, double[] dmain, double[] extra, double[] dextra,
            double[] state, double[] dstate, double[] sequence, double dret, Workspace workspace)
        {
            if (workspace.L != l || workspace.C != c || workspace.B != b) throw new ArgumentException("The workspace was made for other sizes.", nameof(workspace));
            double loss = Forward(l, c, b, main, extra, state, sequence, workspace);
            Backward(l, c, b, main, dmain, extra, dextra, dstate, sequence, -dret / ((c - 1) * b), workspace);
            return loss;
        }

        private static double Forward(int l, int c, int b, double[] main, double[] extra, double[] state, double[] sequence, Workspace ws)
        {
            for (int layer = 0; layer < l; layer++)
            {
                Array.Copy(state, 2 * b * layer, ws.Hidden, layer * b, b);
                Array.Copy(state, 2 * b * layer + b, ws.Cell, layer * b, b);
            }
            var weight = new ReadOnlySpan<double>(extra, 0, b);
            var outWeight = new ReadOnlySpan<double>(extra, b, b);
            var outBias = new ReadOnlySpan<double>(extra, 2 * b, b);
            double total = 0;
            for (int t = 0; t < c - 1; t++)
            {
                var input = new ReadOnlySpan<double>(sequence, t * b, b);
                var x0 = new Span<double>(ws.X, 0, b);
                for (int i = 0; i < x0.Length; i++) x0[i] = input[i] * weight[i];
                ReadOnlySpan<double> x = x0;
                for (int layer = 0; layer < l; layer++)
                {
                    int at = (t * l + layer) * b, next = at + l * b;
                    var hPrev = new ReadOnlySpan<double>(ws.Hidden, at, b);
                    var cPrev = new ReadOnlySpan<double>(ws.Cell, at, b);
                    var hNext = new Span<double>(ws.Hidden, next, b);
                    var cNext = new Span<double>(ws.Cell, next, b);
                    var gates = new Span<double>(ws.Gates, 5 * at, 5 * b);
                    var p = new ReadOnlySpan<double>(main, 8 * b * layer, 8 * b);
                    for (int i = 0; i < hNext.Length; i++)
                    {
                        double forget = 1 / (1 + Math.Exp(-(x[i] * p[i] + p[4 * b + i])));
                        double ingate = 1 / (1 + Math.Exp(-(hPrev[i] * p[b + i] + p[5 * b + i])));
                        double outgate = 1 / (1 + Math.Exp(-(x[i] * p[2 * b + i] + p[6 * b + i])));
                        double change = Math.Tanh(hPrev[i] * p[3 * b + i] + p[7 * b + i]);
                        double cell = cPrev[i] * forget + ingate * change;
                        double tanhCell = Math.Tanh(cell);
                        cNext[i] = cell;
                        hNext[i] = outgate * tanhCell;
                        gates[i] = forget;
                        gates[b + i] = ingate;
                        gates[2 * b + i] = outgate;
                        gates[3 * b + i] = change;
                        gates[4 * b + i] = tanhCell;
                    }
                    x = hNext;
                }

                var probabilities = new Span<double>(ws.Probabilities, t * b, b);
                double sum = 0;
                for (int i = 0; i < probabilities.Length; i++)
                {
                    double e = Math.Exp(x[i] * outWeight[i] + outBias[i]);
                    probabilities[i] = e;
                    sum += e;
                }
                double lse = Math.Log(sum + 2);
                double inverse = 1 / (sum + 2);
                var gold = new ReadOnlySpan<double>(sequence, (t + 1) * b, b);
                for (int i = 0; i < probabilities.Length; i++)
                {
                    total += gold[i] * (x[i] * outWeight[i] + outBias[i] - lse);
                    probabilities[i] *= inverse;
                }
            }

            int final = (c - 1) * l * b;
            for (int layer = 0; layer < l; layer++)
            {
                Array.Copy(ws.Hidden, final + layer * b, state, 2 * b * layer, b);
                Array.Copy(ws.Cell, final + layer * b, state, 2 * b * layer + b, b);
            }
            return -total / ((c - 1) * b);
        }

        /// <summary>The reverse sweep; <paramref name="dtotal"/> is the seed of the running sum of log-probabilities.</summary>
        private static void Backward(int l, int c, int b, double[] main, double[] dmain, double[] extra, double[] dextra,
            double[] dstate, double[] sequence, double dtotal, Workspace ws)
        {
            for (int layer = 0; layer < l; layer++)
            {
                Array.Copy(dstate, 2 * b * layer, ws.DHidden, layer * b, b);
                Array.Copy(dstate, 2 * b * layer + b, ws.DCell, layer * b, b);
            }
            var weight = new ReadOnlySpan<double>(extra, 0, b);
            var outWeight = new ReadOnlySpan<double>(extra, b, b);
            var dweight = new Span<double>(dextra, 0, b);
            var doutWeight = new Span<double>(dextra, b, b);
            var doutBias = new Span<double>(dextra, 2 * b, b);
            var dx = new Span<double>(ws.X, 0, b);
            for (int t = c - 2; t >= 0; t--)
            {
                // total += Σ gold_i (ypred_i − lse): ∂/∂ypred_j = gold_j − (Σ gold) p_j.
                var gold = new ReadOnlySpan<double>(sequence, (t + 1) * b, b);
                var probabilities = new ReadOnlySpan<double>(ws.Probabilities, t * b, b);
                var top = new ReadOnlySpan<double>(ws.Hidden, ((t + 1) * l + l - 1) * b, b);
                double goldSum = 0;
                for (int i = 0; i < gold.Length; i++) goldSum += gold[i];
                for (int i = 0; i < dx.Length; i++)
                {
                    double dy = dtotal * (gold[i] - goldSum * probabilities[i]);
                    doutWeight[i] += dy * top[i];
                    doutBias[i] += dy;
                    dx[i] = dy * outWeight[i];
                }

                var input = new ReadOnlySpan<double>(sequence, t * b, b);
                for (int layer = l - 1; layer >= 0; layer--)
                {
                    int at = (t * l + layer) * b;
                    var hPrev = new ReadOnlySpan<double>(ws.Hidden, at, b);
                    var cPrev = new ReadOnlySpan<double>(ws.Cell, at, b);
                    var below = new ReadOnlySpan<double>(ws.Hidden, at + l * b - b, b);  // layer − 1 after step t
                    var gates = new ReadOnlySpan<double>(ws.Gates, 5 * at, 5 * b);
                    var p = new ReadOnlySpan<double>(main, 8 * b * layer, 8 * b);
                    var dp = new Span<double>(dmain, 8 * b * layer, 8 * b);
                    var dh = new Span<double>(ws.DHidden, layer * b, b);
                    var dc = new Span<double>(ws.DCell, layer * b, b);
                    for (int i = 0; i < dh.Length; i++)
                    {
                        double x = layer > 0 ? below[i] : input[i] * weight[i];
                        double forget = gates[i], ingate = gates[b + i], outgate = gates[2 * b + i];
                        double change = gates[3 * b + i], tanhCell = gates[4 * b + i];
                        double dhi = dh[i] + dx[i];
                        double dci = dc[i] + dhi * outgate * (1 - tanhCell * tanhCell);
                        double dforget = dci * cPrev[i] * forget * (1 - forget);
                        double dingate = dci * change * ingate * (1 - ingate);
                        double doutgate = dhi * tanhCell * outgate * (1 - outgate);
                        double dchange = dci * ingate * (1 - change * change);
                        dp[i] += dforget * x;
                        dp[b + i] += dingate * hPrev[i];
                        dp[2 * b + i] += doutgate * x;
                        dp[3 * b + i] += dchange * hPrev[i];
                        dp[4 * b + i] += dforget;
                        dp[5 * b + i] += dingate;
                        dp[6 * b + i] += doutgate;
                        dp[7 * b + i] += dchange;
                        dc[i] = dci * forget;
                        dh[i] = dingate * p[b + i] + dchange * p[3 * b + i];
                        dx[i] = dforget * p[i] + doutgate * p[2 * b + i];
                    }
                }
                for (int i = 0; i < dx.Length; i++) dweight[i] += dx[i] * input[i];
            }

            for (int layer = 0; layer < l; layer++)
            {
                Array.Copy(ws.DHidden, layer * b, dstate, 2 * b * layer, b);
                Array.Copy(ws.DCell, layer * b, dstate, 2 * b * layer + b, b);
            }
        }
    }
}
