# Sourced by every bench script: the one release build they all use. The targets are the same
# each time on purpose: Cargo unifies features over the targets it is asked for (the soak
# driver, an example, brings the server's dev-dependencies), and two scripts asking for
# different targets would each rebuild DataFusion in release for the other, 30+ minutes on
# two cores.
echo "== building tradewatch, tradewatch-gen and the soak driver (release)"
cargo build --release --locked --bin tradewatch --bin tradewatch-gen --example soak
