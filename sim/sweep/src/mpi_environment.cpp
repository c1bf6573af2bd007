#include "frontline/sweep/mpi_environment.hpp"

#ifdef FRONTLINE_HAVE_MPI
#include <mpi.h>
#endif

#include "session_internal.hpp"

namespace frontline {

MpiEnvironment::MpiEnvironment() : rank_(sweep_process_rank()) {
#ifdef FRONTLINE_HAVE_MPI
  if (!session_detail::mpi_launched()) return;
  in_mpi_ = true;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    owner_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

MpiEnvironment::~MpiEnvironment() {
#ifdef FRONTLINE_HAVE_MPI
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (owner_ && !finalized) MPI_Finalize();
#endif
}

void MpiEnvironment::barrier() const {
#ifdef FRONTLINE_HAVE_MPI
  if (in_mpi_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

}  // namespace frontline
